// Purging what syncs leave for rollback once their retention has passed (undo tables, a replace's old table),
// and removing what interrupted syncs left behind (a replace's half-loaded table). Staging tables are temporary
// tables: the server drops them with the session, so a crash never leaves one behind.

import { closePg, connectPg, type PgClient, type PgTarget } from '../adapters/postgres.js';
import { qualify } from './identifiers.js';
import { metaTables, type SyncRow } from './meta.js';
import { pgToAppError } from './sqlstate.js';

/** What cleanup removes. */
export interface CleanupOptions {
  /** Days undo data is kept after a sync ends (default 7). */
  retentionDays?: number;
  /** Also give up interrupted syncs now: drop a replace's half-loaded table, mark them abandoned. */
  abandonInterrupted?: boolean;
  metaSchema?: string;
}

/** What cleanup did. */
export interface CleanupResult {
  /** Syncs whose undo data was purged (they can no longer be rolled back). */
  purged: string[];
  /** Interrupted syncs given up. */
  abandoned: string[];
  droppedTables: string[];
}

async function tryLock(c: PgClient, jobKey: string): Promise<boolean> {
  const r = await c.query(`SELECT pg_try_advisory_lock(hashtext('sluice_job'), hashtext($1)) AS ok`, [
    jobKey,
  ]);
  return r.rows[0]?.ok === true;
}

/** Purges expired undo data and, optionally, interrupted syncs; skips syncs running right now. */
export async function cleanupSyncs(pg: PgTarget, opts: CleanupOptions = {}): Promise<CleanupResult> {
  const m = metaTables(opts.metaSchema ?? 'public');
  const out: CleanupResult = { purged: [], abandoned: [], droppedTables: [] };
  let c: PgClient | undefined;
  try {
    c = await connectPg(pg, { applicationName: 'sluice-cleanup' });
    if (!(await c.query(`SELECT to_regclass($1) AS t`, [m.syncs])).rows[0]?.t) return out;
    const rows = (
      await c.query<SyncRow & { expired: boolean }>(
        `SELECT *, COALESCE(finished_at, started_at) < now() - make_interval(days => $1) AS expired
           FROM ${m.syncs} WHERE undo_purged_at IS NULL ORDER BY started_at`,
        [opts.retentionDays ?? 7],
      )
    ).rows;
    for (const row of rows) {
      const interrupted = ['running', 'paused', 'failed'].includes(row.status);
      if (!row.expired && !(interrupted && opts.abandonInterrupted)) continue;
      if (!(await tryLock(c, row.job_key))) continue;
      try {
        const drop: string[] = [];
        if (row.load_table && !row.swapped) drop.push(qualify(row.target_schema, row.load_table));
        if (row.expired) {
          if (row.undo_table) drop.push(row.undo_table);
          if (row.old_table && row.swapped && row.status !== 'rolled_back')
            drop.push(qualify(row.target_schema, row.old_table));
        }
        await c.query('BEGIN');
        for (const t of drop) await c.query(`DROP TABLE IF EXISTS ${t}`);
        if (interrupted)
          await c.query(
            `UPDATE ${m.syncs} SET status = 'abandoned', finished_at = now() WHERE sync_id = $1`,
            [row.sync_id],
          );
        if (row.expired)
          await c.query(`UPDATE ${m.syncs} SET undo_purged_at = now() WHERE sync_id = $1`, [row.sync_id]);
        await c.query('COMMIT');
        out.droppedTables.push(...drop);
        if (interrupted) out.abandoned.push(row.sync_id);
        if (row.expired) out.purged.push(row.sync_id);
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        await c.query(`SELECT pg_advisory_unlock(hashtext('sluice_job'), hashtext($1))`, [row.job_key]);
      }
    }
    return out;
  } catch (e) {
    throw pgToAppError(e, pg.password);
  } finally {
    await closePg(c);
  }
}
