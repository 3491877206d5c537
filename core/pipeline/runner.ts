// runPipeline: starts or resumes a run and takes it phase by phase to its end. Every phase commits its stage
// and checkpoint atomically (run-phase.ts), so whatever stops a run — an error, a cancel, a kill -9 — leaves
// the workspace at a phase (or chunk) boundary, and resuming continues from there with the settings the run
// started with (config, sources, start time), which is what makes a resumed run end exactly as an
// uninterrupted one would.

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDbHandle } from '../adapters/duckdb.js';
import { AppError, isCancellation, serializeError, toAppError } from '../contract/errors.js';
import type { PhaseType, RunEvent, RunPlan, RunRecord } from '../contract/pipeline.js';
import { claimRun } from './active-runs.js';
import { resolveConfig, type ConfigValues } from './config.js';
import { readRunRecord, phaseRecords } from './history.js';
import type { PhaseHandler, PipelineAdapters } from './phase-api.js';
import { DEFAULT_HANDLERS } from './phases/index.js';
import { checkCapabilities, planRun, resolveSources } from './plan.js';
import { purgeOldRuns } from './retention.js';
import { RunLogger, runLogPath } from './run-log.js';
import { runPhase, type RunContext } from './run-phase.js';
import type { StageInfo } from './stage-views.js';
import { getRunRow, insertRun, readCheckpoints, updateRun, type RunRow } from './store.js';
import { RUN_ID_RE, ensurePipelineTables } from './tables.js';
import { createInlineTaskPool, type TaskPool } from './task-pool.js';
import type { LoadedPipeline } from './types.js';
import { sluiceVersion } from './version.js';

/** The project a run works in: its workspace and folder (logs go to `<dir>/logs`). */
export interface RunProject {
  db: DuckDbHandle;
  dir: string;
  /** Scratch folder (default `<dir>/tmp`). */
  tmpDir?: string;
}

/** Options of runPipeline. */
export interface RunOptions {
  pipeline: LoadedPipeline;
  project: RunProject;
  /** The id of a new run (default: generated), or of the run to resume. */
  runId?: string;
  /** Continue run `runId` after its last committed checkpoint. */
  resume?: boolean;
  /** Plan only: report sources, settings and phase decisions; touch nothing. */
  dryRun?: boolean;
  /** A source file instead of the pipeline's source (CLI --input, watch). */
  input?: string;
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
  /** Worker threads (default: an in-process pool). */
  pool?: TaskPool;
  adapters?: PipelineAdapters;
  /** Extra or replacement phase handlers. */
  handlers?: Partial<Record<PhaseType, PhaseHandler>>;
  /** Secrets by name for recipe hash operations (pass the same ones to resume). */
  secrets?: Record<string, string>;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
  random?: () => number;
  sluiceVersion?: string;
}

/** A new run id: `r<UTC date>t<time>_<random>`, sortable by start. */
export function newRunId(now: Date = new Date()): string {
  const t = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '')
    .toLowerCase();
  return `r${t}_${randomBytes(3).toString('hex')}`;
}

/** Runs (or resumes, or plans) a pipeline. Throws the run's error (details.runId set); CANCELLED on abort. */
export function runPipeline(opts: RunOptions & { dryRun: true }): Promise<RunPlan>;
export function runPipeline(opts: RunOptions): Promise<RunRecord>;
export async function runPipeline(opts: RunOptions): Promise<RunRecord | RunPlan> {
  const now = opts.now ?? (() => new Date());
  const handlers = { ...DEFAULT_HANDLERS, ...opts.handlers };
  const adapters = opts.adapters ?? {};
  checkCapabilities(opts.pipeline, handlers, adapters);
  if (opts.dryRun) {
    const cfg = resolveConfig(opts.pipeline.spec.config, opts.env).values;
    return planRun(opts.pipeline, await resolveSources(opts.pipeline, opts.input), cfg, now());
  }
  if (opts.resume && !opts.runId)
    throw new AppError('BAD_USAGE', 'Resuming needs the id of the run.', {
      hint: 'Pass the run id to resume.',
    });
  const runId = opts.runId ?? newRunId(now());
  if (!RUN_ID_RE.test(runId))
    throw new AppError('BAD_USAGE', `'${runId}' is not a valid run id.`, {
      hint: 'Use lowercase letters, digits and single underscores.',
    });
  const release = claimRun(opts.project.db, runId);
  const conn = await opts.project.db.connect();
  const signal = opts.signal ?? new AbortController().signal;
  const onAbort = () => conn.interrupt();
  signal.addEventListener('abort', onAbort);
  const log = new RunLogger(runLogPath(opts.project.dir, runId), runId, opts.onEvent, now);
  try {
    await ensurePipelineTables(conn);
    const row = opts.resume
      ? await reopenRun(conn, opts, runId, log)
      : await startRun(conn, opts, runId, log, now());
    const ctx: RunContext = {
      db: opts.project.db,
      conn,
      runId,
      pipeline: opts.pipeline,
      config: row.config as ConfigValues,
      sources: row.sources,
      startedAt: new Date(row.startedAt),
      tmpRoot: join(opts.project.tmpDir ?? join(opts.project.dir, 'tmp'), 'runs', runId),
      signal,
      pool: opts.pool ?? createInlineTaskPool(),
      adapters,
      handlers,
      secrets: opts.secrets ?? {},
      log,
      now,
      random: opts.random ?? Math.random,
    };
    if (row.status === 'done') return await readRunRecord(conn, runId);
    return await driveRun(ctx, row);
  } catch (e) {
    const err = toAppError(e);
    err.details.runId ??= runId;
    throw err;
  } finally {
    signal.removeEventListener('abort', onAbort);
    conn.closeSync();
    release();
    await log.flush();
  }
}

async function startRun(
  c: RunContext['conn'],
  opts: RunOptions,
  runId: string,
  log: RunLogger,
  startedAt: Date,
): Promise<RunRow> {
  if (await getRunRow(c, runId))
    throw new AppError('CONFLICT', `A run '${runId}' already exists.`, {
      runId,
      hint: 'Resume it, or start a run with another id.',
    });
  const p = opts.pipeline;
  const row: RunRow = {
    runId,
    pipelineName: p.spec.name,
    pipelineFile: p.file ?? null,
    fileHash: p.fileHash,
    pipelineHash: p.specHash,
    pipelineJson: JSON.stringify(p.spec),
    config: resolveConfig(p.spec.config, opts.env).values,
    sources: await resolveSources(p, opts.input),
    sluiceVersion: opts.sluiceVersion ?? sluiceVersion(),
    status: 'running',
    startedAt: startedAt.toISOString(),
    finishedAt: null,
    resumes: 0,
    error: null,
    phasesJson: null,
    purgedAt: null,
    logFile: log.file,
  };
  await insertRun(c, row);
  log.emit('run.started', `Run of '${p.spec.name}' started.`, {
    data: {
      pipelineHash: p.specHash,
      fileHash: p.fileHash,
      sources: row.sources,
      config: row.config,
      sluiceVersion: row.sluiceVersion,
    },
  });
  return row;
}

async function reopenRun(
  c: RunContext['conn'],
  opts: RunOptions,
  runId: string,
  log: RunLogger,
): Promise<RunRow> {
  const row = await getRunRow(c, runId);
  if (!row)
    throw new AppError('NOT_FOUND', `No run '${runId}' in this project.`, {
      runId,
      hint: 'List the runs to find its id.',
    });
  if (row.purgedAt)
    throw new AppError('CONFLICT', `Run '${runId}' cannot resume: its stages were purged.`, {
      runId,
      hint: 'Start a new run.',
    });
  if (row.pipelineHash !== opts.pipeline.specHash)
    throw new AppError('CONFLICT', `Run '${runId}' was started with another version of the pipeline.`, {
      runId,
      hint: 'Restore the pipeline (and its schema, recipe and modules) as they were, or start a new run.',
    });
  if (row.status === 'done') return row;
  row.resumes += 1;
  await updateRun(c, runId, { status: 'running', finishedAt: null, error: null, resumes: row.resumes });
  log.emit('run.resumed', `Run resumed (was ${row.status}).`, {
    data: { previousStatus: row.status, resumes: row.resumes },
  });
  return { ...row, status: 'running' };
}

async function driveRun(ctx: RunContext, row: RunRow): Promise<RunRecord> {
  const { conn, runId } = ctx;
  const summary = async () =>
    JSON.stringify(phaseRecords(ctx.pipeline.spec, await readCheckpoints(conn, runId), false));
  try {
    const earlier = new Map<string, StageInfo>();
    let input: string | undefined;
    for (const [i, phase] of ctx.pipeline.spec.phases.entries()) {
      if (ctx.signal.aborted) throw new AppError('CANCELLED', 'Cancelled by the user.');
      const info = await runPhase(ctx, i, input, earlier);
      earlier.set(phase.name, info);
      input = info.stage ?? input;
    }
    await updateRun(conn, runId, {
      status: 'done',
      finishedAt: ctx.now().toISOString(),
      error: null,
      phasesJson: await summary(),
    });
    await rm(ctx.tmpRoot, { recursive: true, force: true }); // a done run never needs its scratch files
    const rec = await readRunRecord(conn, runId);
    ctx.log.emit(
      'run.done',
      `Run done: ${rec.rowsIn} rows in, ${rec.rowsOut} out, ${rec.rowsRejected} rejected.`,
      {
        data: {
          rowsIn: rec.rowsIn,
          rowsOut: rec.rowsOut,
          rowsRejected: rec.rowsRejected,
          durationMs: rec.durationMs,
          finalStage: rec.finalStage,
        },
      },
    );
    await purgeOldRuns(ctx, row.pipelineName).catch((e: unknown) =>
      ctx.log.emit('retention.purged', `Retention failed: ${toAppError(e).message}`, { level: 'warn' }),
    );
    return rec;
  } catch (e) {
    const err = toAppError(e);
    const cancelled = isCancellation(err) || ctx.signal.aborted;
    const final = cancelled ? new AppError('CANCELLED', 'Cancelled by the user.', { runId }) : err;
    await updateRun(conn, runId, {
      status: cancelled ? 'cancelled' : 'failed',
      finishedAt: ctx.now().toISOString(),
      error: cancelled ? null : serializeError(final),
      phasesJson: await summary(),
    }).catch(() => {});
    ctx.log.emit(
      cancelled ? 'run.cancelled' : 'run.failed',
      cancelled ? 'Run cancelled; resume it to continue.' : `Run failed: ${final.message}`,
      {
        ...(final.details.phase ? { phase: String(final.details.phase) } : {}),
        ...(cancelled ? {} : { data: { error: serializeError(final) } }),
      },
    );
    throw final;
  }
}
