// Read-only questions about syncs: what a sync would do (the plan, before anything is written) and which sync
// jobs a database has seen.

import { closePg, connectPg, type PgClient, type PgTarget } from '../adapters/postgres.js';
import type { SyncPlan, SyncRecord } from '../contract/sync.js';
import { metaTables } from './meta.js';
import { resolveOptions, type SyncOptions } from './options.js';
import { prepare } from './prepare.js';
import { pgToAppError } from './sqlstate.js';

/** The plan of a sync (mapping, schema changes, problems) plus the dataset's counts; writes nothing. */
export async function planDataset(
  options: SyncOptions,
): Promise<SyncPlan & { rows: number; heldBack: number }> {
  const o = resolveOptions(options);
  let c: PgClient | undefined;
  try {
    c = await connectPg(o.pg, { applicationName: 'sluice-plan' });
    const p = await prepare(o, c);
    const { sourceIdx: _i, sent: _s, add: _a, ...plan } = p.plan;
    return { ...plan, rows: p.rows, heldBack: p.heldBack };
  } catch (e) {
    throw pgToAppError(e, o.pg.password);
  } finally {
    await closePg(c);
  }
}

/** Sync jobs recorded in a database, newest first. */
export async function listSyncs(
  pg: PgTarget,
  opts: { metaSchema?: string; limit?: number } = {},
): Promise<SyncRecord[]> {
  const m = metaTables(opts.metaSchema ?? 'public');
  let c: PgClient | undefined;
  try {
    c = await connectPg(pg, { applicationName: 'sluice-list' });
    if (!(await c.query(`SELECT to_regclass($1) AS t`, [m.syncs])).rows[0]?.t) return [];
    const r = await c.query(
      `SELECT sync_id, dataset_id, target_schema, target_table, mode, status, started_at, finished_at
         FROM ${m.syncs} ORDER BY started_at DESC LIMIT $1`,
      [opts.limit ?? 100],
    );
    return (r.rows as Record<string, unknown>[]).map((x) => ({
      syncId: String(x.sync_id),
      datasetId: String(x.dataset_id),
      dbSchema: String(x.target_schema),
      table: String(x.target_table),
      mode: x.mode as SyncRecord['mode'],
      status: x.status as SyncRecord['status'],
      startedAt: (x.started_at as Date).toISOString(),
      ...(x.finished_at ? { finishedAt: (x.finished_at as Date).toISOString() } : {}),
    }));
  } catch (e) {
    throw pgToAppError(e, pg.password);
  } finally {
    await closePg(c);
  }
}
