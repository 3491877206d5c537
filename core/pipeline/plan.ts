// What a run will do before it touches the workspace: its source files, whether the host can run every
// phase, and (dry run) which phases the calendar already skips.

import { resolve } from 'node:path';
import { AppError } from '../contract/errors.js';
import type { PhaseType, PlannedDestination, PlannedPhase, RunPlan } from '../contract/pipeline.js';
import type { ConfigValues } from './config.js';
import { expandGlob } from './glob.js';
import type { PhaseHandler, PipelineAdapters } from './phase-api.js';
import type { DestinationSpec, LoadedPipeline, PhaseSpec, WhenSpec } from './types.js';
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

/** A phase's `when` in words: each part the file gives, joined by "and" (every part must hold). */
export function whenText(when: WhenSpec | undefined): string | undefined {
  if (!when) return undefined;
  const parts = [
    when.weekdays ? `on ${when.weekdays.join('/')}` : '',
    when.cron ? `cron '${when.cron}'` : '',
    when.sql ?? '',
  ].filter(Boolean);
  return parts.length ? parts.join(' and ') : undefined;
}

/** A connection as the plan may show it: a saved name as is, a URL without its password. */
function safeConnection(c: string): string {
  try {
    const u = new URL(c);
    if (!u.password) return c;
    u.password = '';
    return u.toString();
  } catch {
    return c;
  }
}

/** The table a postgres destination names (`schema.table` when options.schema is separate). */
export function destinationTable(d: DestinationSpec): string | undefined {
  const { table, schema } = d.options;
  if (typeof table !== 'string' || !table) return undefined;
  return typeof schema === 'string' && schema ? `${schema}.${table}` : table;
}

/** The destinations a load phase writes, as the plan shows them. */
export function plannedDestinations(p: LoadedPipeline, phase: PhaseSpec): PlannedDestination[] {
  const names = phase.destinations ?? p.spec.destinations.map((d) => d.name);
  return names.flatMap((name) => {
    const d = p.spec.destinations.find((x) => x.name === name);
    if (!d) return [];
    const table = d.type === 'postgres' ? destinationTable(d) : undefined;
    const conn = d.type === 'postgres' ? d.options.connection : undefined;
    return [
      {
        name: d.name,
        type: d.type,
        ...(d.path ? { path: d.path } : {}),
        ...(table ? { table } : {}),
        ...(typeof conn === 'string' && conn ? { connection: safeConnection(conn) } : {}),
      },
    ];
  });
}

function plannedPhase(p: LoadedPipeline, ph: PhaseSpec, startedAt: Date): PlannedPhase {
  const when = whenText(ph.when);
  const extra = {
    ...(when ? { when } : {}),
    ...(ph.type === 'load' ? { destinations: plannedDestinations(p, ph) } : {}),
  };
  const base = { name: ph.name, type: ph.type };
  const cal = calendarDecision(ph.when, startedAt, p.spec.timezone);
  if (!cal.run) return { ...base, decision: 'skip', reason: cal.reason ?? '', ...extra };
  if (ph.when?.sql)
    return { ...base, decision: 'at-run-time', reason: `data condition: ${ph.when.sql}`, ...extra };
  return { ...base, decision: 'run', ...extra };
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
    phases: p.spec.phases.map((ph) => plannedPhase(p, ph, startedAt)),
  };
}
