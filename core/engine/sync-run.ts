// Sync jobs of one engine: a request becomes SyncOptions (source, schema, target), runs as a cancellable
// background job with `sync.progress` events, and ends with one `sync.finished` event; `sync.wait` reads the end.

import { AppError, serializeError } from '../contract/errors.js';
import type { SyncRequest, SyncResult } from '../contract/sync.js';
import { syncDataset, type SyncOptions } from '../sync/index.js';
import type { EngineContext } from './context.js';
import type { Job } from './jobs.js';
import type { SyncDeps, SyncTarget } from './sync-deps.js';
import { resolveSource, type ResolvedSource } from './sync-source.js';

const jobsOf = new WeakMap<EngineContext, Map<string, Job<SyncResult>>>();
/** Finished jobs kept for `sync.wait` (a UI that never waits must not grow the map forever). */
const KEEP = 200;

/** The host's PostgreSQL access, or a clear error when this host has none. */
export function syncDeps(ctx: EngineContext): SyncDeps {
  if (!ctx.deps.sync)
    throw new AppError('DB_UNREACHABLE', 'This Sluice host has no PostgreSQL access configured.', {
      hint: 'Start Sluice from the CLI, the desktop app or `sluice serve`, which configure it.',
    });
  return ctx.deps.sync;
}

/** The sync engine's options for a request. */
export function optionsOf(req: SyncRequest, src: ResolvedSource, t: SyncTarget): SyncOptions {
  if (!req.table || typeof req.table !== 'string')
    throw new AppError('BAD_USAGE', 'A sync needs a target table.', { hint: 'Pass --table NAME.' });
  return {
    duck: src.duck,
    datasetId: src.datasetId,
    schema: src.schema,
    sourceTable: src.sourceTable,
    pg: t.target,
    table: req.table,
    mode: req.mode,
    ...(req.dbSchema ? { dbSchema: req.dbSchema } : {}),
    ...(req.key && req.key.length > 0 ? { key: req.key } : {}),
    ...(req.columnMap ? { columnMap: req.columnMap } : {}),
    ...(req.drift ? { drift: req.drift } : {}),
    ...(req.includeInvalid ? { includeInvalid: true } : {}),
    ...(req.errorBudget ? { errorBudget: req.errorBudget } : {}),
    ...(req.fresh ? { fresh: true } : {}),
    ...(req.syncId ? { syncId: req.syncId } : {}),
    ...(req.parallel !== undefined ? { parallel: req.parallel } : {}),
    ...(req.batch ? { batch: req.batch } : {}),
    tmpDir: src.tmpDir,
  };
}

/** Starts a sync job; source and target are resolved first, so bad input fails the call, not the job. */
export async function startSync(
  ctx: EngineContext,
  req: SyncRequest,
  extra: Partial<SyncOptions> = {},
): Promise<{ jobId: string }> {
  const deps = syncDeps(ctx);
  const src = await resolveSource(ctx, req);
  const target = await deps.target(req.to);
  const options = { ...optionsOf(req, src, target), ...extra };
  let jobId = '';
  const job = ctx.jobs.start('sync', req.datasetId ?? src.datasetId, async (signal, progress) => {
    const r = await syncDataset({
      ...options,
      signal,
      onProgress(p) {
        ctx.events.emit('sync.progress', { ...p, jobId });
        progress({
          step: 'load',
          rows: p.rowsDone,
          rowsPerSec: p.rowsPerSec,
          ...(p.etaSec !== undefined ? { etaSec: p.etaSec } : {}),
          fraction: p.rowsTotal > 0 ? Math.min(1, p.rowsDone / p.rowsTotal) : 1,
        });
      },
    });
    ctx.log.info('sync finished', {
      syncId: r.syncId,
      table: r.table,
      target: target.label,
      inserted: r.inserted,
      rejected: r.rejected,
    });
    return r;
  });
  jobId = job.id;
  job.promise.then(
    (result) => ctx.events.emit('sync.finished', { jobId, ok: true, syncId: result.syncId, result }),
    (e: unknown) => {
      const error = serializeError(e);
      const syncId = typeof error.details.syncId === 'string' ? error.details.syncId : undefined;
      ctx.events.emit('sync.finished', { jobId, ok: false, error, ...(syncId ? { syncId } : {}) });
    },
  );
  let jobs = jobsOf.get(ctx);
  if (!jobs) jobsOf.set(ctx, (jobs = new Map()));
  jobs.set(jobId, job);
  for (const id of jobs.keys()) {
    if (jobs.size <= KEEP) break;
    jobs.delete(id);
  }
  return { jobId };
}

/** The result of a sync job of this engine (waits while it runs; its error when it failed). */
export async function waitSync(ctx: EngineContext, jobId: string): Promise<SyncResult> {
  const job = jobsOf.get(ctx)?.get(jobId);
  if (!job) throw new AppError('NOT_FOUND', `No sync job ${jobId} in this session.`);
  return job.promise;
}
