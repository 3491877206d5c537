// Retention: a finished run's stages and checkpoints are dropped once older than `retentionDays`, except the
// `retentionKeepRuns` most recent finished runs of each pipeline. A run that may still resume (not done) is
// never purged unless asked explicitly, nor is a run in progress. The run row stays, with its phase summary,
// as history.

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDbHandle, DuckDBConnection } from '../adapters/duckdb.js';
import { withConnection, inTransaction } from '../adapters/duckdb.js';
import { activeRuns } from './active-runs.js';
import { phaseRecords } from './history.js';
import type { RunContext } from './run-phase.js';
import { listRunRows, readCheckpoints, updateRun, type RunRow } from './store.js';
import { dropStatements, ensurePipelineTables, objectsOwnedBy } from './tables.js';
import type { PipelineSpec } from './types.js';

/** Options of a purge. */
export interface PurgeOptions {
  retentionDays: number;
  retentionKeepRuns: number;
  now: Date;
  /** Also purge runs that could still resume (failed, cancelled, interrupted): an explicit user choice. */
  includeUnfinished?: boolean;
  /** Only runs of this pipeline. */
  pipelineName?: string;
  /** Scratch folder of the project, whose runs/<id> subfolders go too. */
  tmpDir?: string;
}

/** The runs a purge would drop. */
export function purgeCandidates(rows: RunRow[], opts: PurgeOptions, active: ReadonlySet<string>): RunRow[] {
  if (opts.retentionDays <= 0 && !opts.includeUnfinished) return [];
  const cutoff = opts.now.getTime() - opts.retentionDays * 86_400_000;
  const keptPerPipeline = new Map<string, number>();
  const out: RunRow[] = [];
  // Newest first, so the first `retentionKeepRuns` finished runs of each pipeline are the ones kept.
  for (const r of [...rows].sort((a, b) => b.startedAt.localeCompare(a.startedAt))) {
    if (r.purgedAt) continue;
    if (r.status === 'done') {
      const kept = keptPerPipeline.get(r.pipelineName) ?? 0;
      if (kept < opts.retentionKeepRuns) {
        keptPerPipeline.set(r.pipelineName, kept + 1);
        continue;
      }
    } else if (!opts.includeUnfinished || r.status === 'running') continue;
    if (active.has(r.runId)) continue;
    const at = Date.parse(r.finishedAt ?? r.startedAt);
    if (opts.retentionDays <= 0 || at < cutoff) out.push(r);
  }
  return out;
}

/** Drops one run's stages and checkpoints, keeping its record. */
export async function purgeRun(c: DuckDBConnection, row: RunRow, now: Date, tmpDir?: string): Promise<void> {
  const phases = phaseRecords(
    JSON.parse(row.pipelineJson) as PipelineSpec,
    await readCheckpoints(c, row.runId),
    false,
  );
  await inTransaction(c, async () => {
    for (const sql of dropStatements(await objectsOwnedBy(c, row.runId))) await c.run(sql);
    await c.run(`DELETE FROM sluice_checkpoints WHERE run_id = $1`, [row.runId]);
    await updateRun(c, row.runId, { purgedAt: now.toISOString(), phasesJson: JSON.stringify(phases) });
  });
  if (tmpDir) await rm(join(tmpDir, 'runs', row.runId), { recursive: true, force: true });
}

/** Purges what retention allows; returns the purged run ids. */
export async function purgeRuns(db: DuckDbHandle, opts: PurgeOptions): Promise<string[]> {
  return withConnection(db, async (c) => {
    await ensurePipelineTables(c);
    const rows = await listRunRows(c, {
      ...(opts.pipelineName ? { pipelineName: opts.pipelineName } : {}),
      limit: 1_000_000,
    });
    const victims = purgeCandidates(rows, opts, activeRuns(db));
    for (const r of victims) await purgeRun(c, r, opts.now, opts.tmpDir);
    return victims.map((r) => r.runId);
  });
}

/** Retention after a successful run, with the run's settings; logged on the run. */
export async function purgeOldRuns(ctx: RunContext, pipelineName: string): Promise<void> {
  const cfg = ctx.config;
  const rows = await listRunRows(ctx.conn, { pipelineName, limit: 1_000_000 });
  const now = ctx.now();
  const victims = purgeCandidates(
    rows,
    { retentionDays: cfg.retentionDays, retentionKeepRuns: cfg.retentionKeepRuns, now },
    activeRuns(ctx.db),
  );
  for (const r of victims) await purgeRun(ctx.conn, r, now, join(ctx.tmpRoot, '..', '..'));
  if (victims.length)
    ctx.log.emit('retention.purged', `Purged the stages of ${victims.length} old run(s).`, {
      data: { runIds: victims.map((r) => r.runId) },
    });
}
