// Rejected rows go back to the workspace as findings of rule `sync`, next to the validation findings, so the
// user sees and fixes them in the same place. The database keeps the authoritative list (sluice_sync_rows_out);
// this copies the unresolved rejects of one sync into `<id>__findings`, replacing earlier `sync` findings.

import { withConnection, type DuckDbHandle } from '../adapters/duckdb.js';
import type { PgClient } from '../adapters/postgres.js';
import type { SyncReject } from '../contract/sync.js';
import { quoteIdent } from '../sql/quote.js';
import type { MetaTables } from './meta.js';

/** The finding message for a reject: the database's words, its SQLSTATE and constraint. */
export function rejectMessage(r: Pick<SyncReject, 'message' | 'sqlstate' | 'constraint'>): string {
  return `${r.message} [SQLSTATE ${r.sqlstate}${r.constraint ? `, constraint ${r.constraint}` : ''}]`;
}

/** The unresolved rejects of a sync, ordered by line (at most `limit`). */
export async function readRejects(
  c: PgClient,
  m: MetaTables,
  syncId: string,
  limit?: number,
): Promise<SyncReject[]> {
  const r = await c.query(
    `SELECT line, column_name, value, sqlstate, constraint_name, message FROM ${m.rowsOut}
      WHERE sync_id = $1 AND reason = 'rejected' AND resolved_pass IS NULL ORDER BY line ${limit ? `LIMIT ${Math.floor(limit)}` : ''}`,
    [syncId],
  );
  return (r.rows as Record<string, string | null>[]).map((x) => ({
    line: Number(x.line),
    sqlstate: x.sqlstate ?? '',
    message: x.message ?? '',
    ...(x.column_name !== null ? { column: x.column_name } : {}),
    ...(x.value !== null ? { value: x.value } : {}),
    ...(x.constraint_name !== null ? { constraint: x.constraint_name } : {}),
  }));
}

/** Replaces the dataset's `sync` findings with `rejects` (creating the findings table if needed). */
export async function writeSyncFindings(
  duck: DuckDbHandle,
  datasetId: string,
  rejects: SyncReject[],
): Promise<void> {
  const name = `${datasetId}__findings`;
  await withConnection(duck, async (c) => {
    await c.run(
      `CREATE TABLE IF NOT EXISTS ${quoteIdent(name)} (line BIGINT, "column" VARCHAR, rule VARCHAR, value VARCHAR, message VARCHAR)`,
    );
    await c.run('BEGIN TRANSACTION');
    try {
      await c.run(`DELETE FROM ${quoteIdent(name)} WHERE rule = 'sync'`);
      const app = await c.createAppender(name);
      for (const r of rejects) {
        app.appendBigInt(BigInt(r.line));
        if (r.column !== undefined) app.appendVarchar(r.column);
        else app.appendNull();
        app.appendVarchar('sync');
        if (r.value !== undefined && r.value !== null) app.appendVarchar(r.value);
        else app.appendNull();
        app.appendVarchar(rejectMessage(r));
        app.endRow();
      }
      app.closeSync();
      await c.run('COMMIT');
    } catch (e) {
      await c.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
  });
}
