// The built-in phase handlers, by phase type. A host may add or replace handlers (runPipeline's `handlers`).

import type { PhaseType } from '../../contract/pipeline.js';
import type { PhaseEnv, PhaseHandler } from '../phase-api.js';
import { customModulePhase } from './custom-module.js';
import { embedPhase } from './embed.js';
import { extractPhase } from './extract.js';
import { loadPhase } from './load.js';
import { recipePhase } from './recipe.js';
import { sqlPhase } from './sql.js';
import { validatePhase } from './validate.js';

/** Handlers for every phase type core runs itself. */
export const DEFAULT_HANDLERS: Partial<Record<PhaseType, PhaseHandler>> = {
  extract: extractPhase,
  validate: validatePhase,
  clean: recipePhase,
  transform: (env: PhaseEnv) => (env.phase.sql ? sqlPhase(env) : recipePhase(env)),
  map: sqlPhase,
  embed: embedPhase,
  load: loadPhase,
  custom: (env: PhaseEnv) => (env.phase.module ? customModulePhase(env) : sqlPhase(env)),
};
