// sync.get and the facts sync.resyncFixed needs: one sync job as the target database recorded it.

import { closePg, connectPg, type PgClient, type PgTarget } from '../adapters/postgres.js';
import { AppError } from '../contract/errors.js';
import type { SyncColumnPlan, SyncDetail } from '../contract/sync.js';
import { readRejects } from '../sync/findings.js';
import { ledgerTotals, metaTables, readSync, type SyncRow } from '../sync/meta.js';
import { pgToAppError } from '../sync/sqlstate.js';

async function withPg<T>(pg: PgTarget, fn: (c: PgClient) => Promise<T>): Promise<T> {
  let c: PgClient | undefined;
  try {
    c = await connectPg(pg, { applicationName: 'sluice-history' });
    return await fn(c);
  } catch (e) {
    throw pgToAppError(e, pg.password);
  } finally {
    await closePg(c);
  }
}

/** The recorded sync row, or NOT_FOUND. */
export async function syncRow(pg: PgTarget, syncId: string): Promise<SyncRow> {
  return withPg(pg, async (c) => {
    const row = await readSync(c, metaTables('public'), syncId);
    if (!row) throw new AppError('NOT_FOUND', `No sync ${syncId} in this database.`);
    return row;
  });
}

/** The dataset field names of a recorded sync's key (its plan maps fields to target columns). */
export function keyFieldsOf(row: SyncRow): string[] {
  const columns = ((row.plan as { columns?: SyncColumnPlan[] }).columns ?? []).filter(
    (c) => c.action !== 'ignore',
  );
  return row.key_columns.map((k) => columns.find((c) => c.column === k)?.field ?? k);
}

/** One sync job in detail. */
export async function syncDetail(pg: PgTarget, syncId: string): Promise<SyncDetail> {
  return withPg(pg, async (c) => {
    const m = metaTables('public');
    const row = await readSync(c, m, syncId);
    if (!row) throw new AppError('NOT_FOUND', `No sync ${syncId} in this database.`);
    const t = await ledgerTotals(c, m, syncId);
    const out = await c.query(
      `SELECT count(*) FILTER (WHERE reason = 'rejected') AS rejected, count(*) FILTER (WHERE reason = 'held_back') AS held
         FROM ${m.rowsOut} WHERE sync_id = $1 AND resolved_pass IS NULL`,
      [syncId],
    );
    const o = out.rows[0] as { rejected: string; held: string };
    const message = (row as SyncRow & { message?: string | null }).message;
    return {
      syncId,
      datasetId: row.dataset_id,
      dbSchema: row.target_schema,
      table: row.target_table,
      mode: row.mode,
      status: row.status,
      startedAt: row.started_at.toISOString(),
      ...(row.finished_at ? { finishedAt: row.finished_at.toISOString() } : {}),
      rowsTotal: Number(row.rows_total),
      batches: t.batches,
      rowsDone: t.rows,
      inserted: t.inserted,
      updated: t.updated,
      unchanged: t.unchanged,
      rejected: Number(o.rejected),
      heldBack: Number(o.held),
      rejects: await readRejects(c, m, syncId, 100),
      ...(message ? { message } : {}),
      canRollBack: row.status !== 'rolled_back' && !row.undo_purged_at,
    };
  });
}
