// The engine's implementation of the RunsApi part of the contract (core/contract/api-runs.ts).

import type { RunsApi } from '../contract/api-runs.js';
import type { EngineContext } from './context.js';

/** The runs methods, over the engine's shared context. */
export function runsMethods(ctx: EngineContext): RunsApi {
  void ctx;
  return {} satisfies RunsApi;
}
