// Rolling a whole sync back: inserted rows deleted, updated rows restored from the before-images captured in the
// same transactions as the changes, added columns dropped, a created table dropped, a replaced table swapped
// back. One transaction: the target is either fully restored or untouched.
//
// Append mode has no key to find its rows by; each batch's transaction id is in the ledger, and PostgreSQL keeps
// the inserting transaction id on every row (xmin), so the rows are `WHERE xmin = ANY(batch xids)`. Transaction
// ids wrap after 2^31; undo data is purged long before that (default after 7 days), and an older sync is refused.

import { connectPg, closePg, type PgClient, type PgTarget } from '../adapters/postgres.js';
import { AppError } from '../contract/errors.js';
import type { RollbackResult } from '../contract/sync.js';
import { quoteIdent } from '../sql/quote.js';
import { qualify } from './identifiers.js';
import { metaTables, readSync, type MetaTables, type SyncRow } from './meta.js';
import { lockJob, unlockJob } from './record.js';
import { pgToAppError } from './sqlstate.js';
import { UNDO_OP, UNDO_SEQ } from './statements.js';

const cols = (names: readonly string[], prefix = '') => names.map((n) => prefix + quoteIdent(n)).join(', ');

async function restoreKeyed(
  c: PgClient,
  row: SyncRow,
  tq: string,
): Promise<{ deleted: number; restored: number }> {
  const undo = row.undo_table;
  if (!undo) return { deleted: 0, restored: 0 };
  const key = row.key_columns;
  const sent = ((row.plan as { sent?: { column: string }[] }).sent ?? []).map((s) => s.column);
  const on = key.map((k) => `t.${quoteIdent(k)} = u.${quoteIdent(k)}`).join(' AND ');
  const del = await c.query(
    `DELETE FROM ${tq} t USING ${undo} u WHERE u.${quoteIdent(UNDO_OP)} = 'i' AND ${on}`,
  );
  const nonKey = sent.filter((s) => !key.includes(s));
  let restored = 0;
  if (nonKey.length > 0) {
    const set = nonKey.map((n) => `${quoteIdent(n)} = u.${quoteIdent(n)}`).join(', ');
    const upd = await c.query(
      `UPDATE ${tq} t SET ${set} FROM (SELECT DISTINCT ON (${cols(key)}) * FROM ${undo}
         WHERE ${quoteIdent(UNDO_OP)} = 'u' ORDER BY ${cols(key)}, ${quoteIdent(UNDO_SEQ)}) u WHERE ${on}`,
    );
    restored = upd.rowCount ?? 0;
  }
  return { deleted: del.rowCount ?? 0, restored };
}

async function deleteAppended(c: PgClient, m: MetaTables, row: SyncRow, tq: string): Promise<number> {
  const age = await c.query(
    `SELECT max(pg_current_xact_id()::text::numeric - xid::text::numeric) AS age FROM ${m.ledger} WHERE sync_id = $1 AND xid IS NOT NULL`,
    [row.sync_id],
  );
  if (Number(age.rows[0]?.age ?? 0) > 2 ** 31 - 10_000_000) {
    throw new AppError(
      'CONFLICT',
      `Sync ${row.sync_id} is too old to roll back: its transaction ids may have been reused.`,
    );
  }
  const del = await c.query(
    `DELETE FROM ${tq} WHERE xmin = ANY (ARRAY(SELECT xid(xid) FROM ${m.ledger} WHERE sync_id = $1 AND inserted > 0))`,
    [row.sync_id],
  );
  return del.rowCount ?? 0;
}

/** Rolls back a sync on a connection that holds its job lock. */
export async function rollbackLocked(c: PgClient, m: MetaTables, row: SyncRow): Promise<RollbackResult> {
  const t0 = performance.now();
  if (row.status === 'rolled_back')
    throw new AppError('CONFLICT', `Sync ${row.sync_id} was already rolled back.`);
  if (row.undo_purged_at) {
    throw new AppError(
      'CONFLICT',
      `The undo data of sync ${row.sync_id} was purged after its retention period; it cannot be rolled back.`,
    );
  }
  const tq = qualify(row.target_schema, row.target_table);
  const out: RollbackResult = {
    syncId: row.sync_id,
    rowsDeleted: 0,
    rowsRestored: 0,
    tableDropped: false,
    swappedBack: false,
    durationMs: 0,
  };
  await c.query('BEGIN');
  try {
    if (row.mode === 'replace') {
      if (row.swapped) {
        await c.query(`DROP TABLE ${tq}`);
        if (row.old_table) {
          await c.query(
            `ALTER TABLE ${qualify(row.target_schema, row.old_table)} RENAME TO ${quoteIdent(row.target_table)}`,
          );
          out.swappedBack = true;
        } else out.tableDropped = true;
      } else if (row.load_table) {
        await c.query(`DROP TABLE IF EXISTS ${qualify(row.target_schema, row.load_table)}`);
      }
    } else if (row.created_table) {
      await c.query(`DROP TABLE IF EXISTS ${tq}`);
      out.tableDropped = true;
    } else {
      if (row.mode === 'append') out.rowsDeleted = await deleteAppended(c, m, row, tq);
      else {
        const r = await restoreKeyed(c, row, tq);
        out.rowsDeleted = r.deleted;
        out.rowsRestored = r.restored;
      }
      for (const col of row.added_columns)
        await c.query(`ALTER TABLE ${tq} DROP COLUMN IF EXISTS ${quoteIdent(col)}`);
    }
    if (row.undo_table) await c.query(`DROP TABLE IF EXISTS ${row.undo_table}`);
    await c.query(`UPDATE ${m.syncs} SET status = 'rolled_back', finished_at = now() WHERE sync_id = $1`, [
      row.sync_id,
    ]);
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw pgToAppError(e);
  }
  out.durationMs = Math.round(performance.now() - t0);
  return out;
}

/** Returns the target of sync `syncId` to exactly what it was before the sync. */
export async function rollbackSync(
  pg: PgTarget,
  syncId: string,
  opts: { metaSchema?: string } = {},
): Promise<RollbackResult> {
  const m = metaTables(opts.metaSchema ?? 'public');
  let c: PgClient | undefined;
  try {
    c = await connectPg(pg, { applicationName: 'sluice-rollback' });
    const row = await readSync(c, m, syncId);
    if (!row) throw new AppError('NOT_FOUND', `No sync ${syncId} in this database.`);
    await lockJob(c, row.job_key, row.target_table);
    try {
      return await rollbackLocked(c, m, row);
    } finally {
      await unlockJob(c, row.job_key).catch(() => undefined);
    }
  } catch (e) {
    throw pgToAppError(e, pg.password);
  } finally {
    await closePg(c);
  }
}
