// Rolling a run back to an earlier phase: the stages, scratch and checkpoints of every later phase go in one
// transaction, database loads of those phases are undone through the loader first, and the run becomes
// `rolled_back` — resumable, so the later phases can run again (e.g. after fixing a recipe step).
// Files written by a rolled-back load stay where they are: they left the workspace when written.

import type { DuckDbHandle, DuckDBConnection } from '../adapters/duckdb.js';
import { withConnection, inTransaction } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import type { RunRecord } from '../contract/pipeline.js';
import { claimRun } from './active-runs.js';
import { readRunRecord } from './history.js';
import type { PipelineAdapters } from './phase-api.js';
import { RunLogger } from './run-log.js';
import { deleteCheckpoints, getRunRow, updateRun } from './store.js';
import { dropStatements, ensurePipelineTables, objectsOwnedBy, stageName } from './tables.js';
import type { PipelineSpec } from './types.js';

/** Options of rollbackRun. */
export interface RollbackOptions {
  db: DuckDbHandle;
  runId: string;
  /** The phase to go back to: it stays committed, every later phase goes. */
  toPhase: string;
  adapters?: PipelineAdapters;
  signal?: AbortSignal;
  now?: () => Date;
}

/** Rolls run `runId` back to phase `toPhase`; returns the run's record after. */
export async function rollbackRun(opts: RollbackOptions): Promise<RunRecord> {
  const now = opts.now ?? (() => new Date());
  // Claiming the run keeps a resume from starting while its stages are dropped (CONFLICT if it runs now).
  const release = claimRun(opts.db, opts.runId);
  try {
    return await withConnection(opts.db, (c) => rollbackOn(c, opts, now));
  } finally {
    release();
  }
}

async function rollbackOn(c: DuckDBConnection, opts: RollbackOptions, now: () => Date): Promise<RunRecord> {
  await ensurePipelineTables(c);
  const row = await getRunRow(c, opts.runId);
  const rec = await readRunRecord(c, opts.runId);
  if (!row) throw new AppError('INTERNAL', 'run vanished');
  if (row.purgedAt)
    throw new AppError('CONFLICT', `Run '${opts.runId}' was purged; nothing to roll back.`, {
      runId: opts.runId,
    });
  const spec = JSON.parse(row.pipelineJson) as PipelineSpec;
  const at = spec.phases.findIndex((p) => p.name === opts.toPhase);
  const target = rec.phases[at];
  if (at < 0 || !target)
    throw new AppError('NOT_FOUND', `Run '${opts.runId}' has no phase '${opts.toPhase}'.`, {
      runId: opts.runId,
      hint: `Its phases: ${spec.phases.map((p) => p.name).join(', ')}.`,
    });
  if (target.status !== 'done' && target.status !== 'skipped')
    throw new AppError(
      'CONFLICT',
      `Phase '${opts.toPhase}' of run '${opts.runId}' has no checkpoint to go back to.`,
      {
        runId: opts.runId,
        hint: 'Roll back to a phase that completed.',
      },
    );
  const later = rec.phases.slice(at + 1);
  for (const p of later)
    for (const o of p.outputs ?? []) {
      if (o.type !== 'postgres' || !o.jobId) continue;
      const loader = opts.adapters?.postgres;
      const dest = spec.destinations.find((d) => d.name === o.destination);
      if (!loader?.rollback || !dest)
        throw new AppError(
          'CONFLICT',
          `Phase '${p.name}' loaded '${o.destination}' into PostgreSQL, and no loader can undo it here.`,
          {
            runId: opts.runId,
            hint: 'Roll back from Sluice with the database configured.',
          },
        );
      await loader.rollback({
        jobId: o.jobId,
        destination: dest,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    }
  await inTransaction(c, async () => {
    for (const p of [...later].reverse())
      for (const sql of dropStatements(await objectsOwnedBy(c, stageName(opts.runId, p.name))))
        await c.run(sql);
    await deleteCheckpoints(
      c,
      opts.runId,
      later.map((p) => p.name),
    );
    await updateRun(c, opts.runId, { status: 'rolled_back', finishedAt: now().toISOString(), error: null });
  });
  const log = new RunLogger(row.logFile, opts.runId, undefined, now);
  log.emit('run.rolled_back', `Run rolled back to phase '${opts.toPhase}'.`, {
    data: { dropped: later.map((p) => p.name) },
  });
  await log.flush();
  return readRunRecord(c, opts.runId);
}
