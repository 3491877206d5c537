// Stage tables are immutable and cached, so they pile up: discarded redo branches, old variants of a step,
// stages of an older import. Garbage collection drops a dataset's stages that nobody references.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { datasetTables } from '../workspace/tables.js';
import { ensureStageTable, STAGES_TABLE } from './stage-store.js';

/** Options of collectStageGarbage. */
export interface GcOptions {
  /** Stage tables still in use (the working recipe's, a resumable run's…): never dropped. */
  keep: Iterable<string>;
  /** Spare stages used within this many milliseconds (another session may be on them). */
  minAgeMs?: number;
}

/** Drops the dataset's stage tables not in `keep` (and their records); returns the dropped names. */
export async function collectStageGarbage(
  conn: DuckDBConnection,
  datasetId: string,
  opts: GcOptions,
): Promise<string[]> {
  datasetTables(datasetId); // validates the id
  await ensureStageTable(conn);
  const keep = new Set(opts.keep);
  const pattern = `^${datasetId}__stage_[0-9]+_[0-9a-f]{16}$`;
  const recent =
    opts.minAgeMs === undefined
      ? 'false'
      : `s.used_at > now()::TIMESTAMP - to_milliseconds(${Math.max(0, Math.floor(opts.minAgeMs))})`;
  const r = await conn.runAndReadAll(
    `SELECT t.table_name AS name FROM duckdb_tables() t
     LEFT JOIN ${STAGES_TABLE} s ON s.table_name = t.table_name
     WHERE t.database_name = current_database() AND t.schema_name = 'main'
       AND regexp_full_match(t.table_name, ${quoteLiteral(pattern)}) AND NOT coalesce(${recent}, false)`,
  );
  const dropped: string[] = [];
  for (const row of r.getRowObjectsJS()) {
    const name = String(row.name);
    if (keep.has(name)) continue;
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(name)}`);
      await conn.run(`DELETE FROM ${STAGES_TABLE} WHERE table_name = $1`, [name]);
      await conn.run('COMMIT');
    } catch (e) {
      await conn.run('ROLLBACK').catch(() => undefined);
      throw e;
    }
    dropped.push(name);
  }
  // Records whose table is gone (dropped by hand, or by an older Sluice) are forgotten too.
  await conn.run(
    `DELETE FROM ${STAGES_TABLE} WHERE dataset_id = $1 AND table_name NOT IN (
       SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main')`,
    [datasetId],
  );
  return dropped;
}
