// What a run will do before it touches the workspace: its source files, whether the host can run every
// phase, and (dry run) which phases the calendar already skips.

import { resolve } from 'node:path';
import { AppError } from '../contract/errors.js';
import type { PhaseType, RunPlan } from '../contract/pipeline.js';
import type { ConfigValues } from './config.js';
import { expandGlob } from './glob.js';
import type { PhaseHandler, PipelineAdapters } from './phase-api.js';
import type { LoadedPipeline } from './types.js';
import { calendarDecision } from './when.js';

/** The files a run reads: `input` when given (CLI --input, watch), else the pipeline's path or glob. */
export async function resolveSources(p: LoadedPipeline, input?: string): Promise<string[]> {
  if (input) return [resolve(input)];
  const src = p.spec.source;
  if (!src) return [];
  if (src.path) return [src.path];
  const files = await expandGlob(src.glob as string);
  if (files.length === 0)
    throw new AppError('FILE_NOT_FOUND', `No file matches the source glob ${src.glob}.`, {
      file: src.glob,
      hint: 'Check the glob, or pass a file with --input.',
    });
  return files;
}

/** Refuses, before any work, a pipeline this host cannot run to the end. */
export function checkCapabilities(
  p: LoadedPipeline,
  handlers: Partial<Record<PhaseType, PhaseHandler>>,
  adapters: PipelineAdapters,
): void {
  const fail = (message: string, hint: string) => {
    throw new AppError('PIPELINE_INVALID', message, { ...(p.file ? { file: p.file } : {}), hint });
  };
  for (const phase of p.spec.phases) {
    if (!handlers[phase.type])
      fail(
        `This Sluice cannot run ${phase.type} phases (phase '${phase.name}').`,
        'Remove the phase or update Sluice.',
      );
    if (phase.type === 'embed' && !adapters.embed)
      fail(
        `Phase '${phase.name}' needs an embedding model, and none is available here.`,
        'Install a model, or remove the phase.',
      );
    if (phase.type === 'load') {
      const names = phase.destinations ?? p.spec.destinations.map((d) => d.name);
      for (const d of p.spec.destinations)
        if (names.includes(d.name) && d.type === 'postgres' && !adapters.postgres)
          fail(
            `Destination '${d.name}' is PostgreSQL, and no database loader is available here.`,
            'Configure a database connection, or remove the destination.',
          );
    }
  }
}

/** The dry-run plan. */
export function planRun(
  p: LoadedPipeline,
  sources: string[],
  config: ConfigValues,
  startedAt: Date,
): RunPlan {
  return {
    pipelineName: p.spec.name,
    pipelineHash: p.specHash,
    sources,
    config: { ...config },
    phases: p.spec.phases.map((ph) => {
      const cal = calendarDecision(ph.when, startedAt, p.spec.timezone);
      if (!cal.run)
        return { name: ph.name, type: ph.type, decision: 'skip' as const, reason: cal.reason ?? '' };
      if (ph.when?.sql)
        return {
          name: ph.name,
          type: ph.type,
          decision: 'at-run-time' as const,
          reason: `data condition: ${ph.when.sql}`,
        };
      return { name: ph.name, type: ph.type, decision: 'run' as const };
    }),
  };
}
