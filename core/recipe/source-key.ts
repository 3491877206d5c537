// The identity of the data a recipe starts from, for stage cache keys: a re-import that changed the data must
// not reuse stages made from the old import. Callers that know the import (the engine's registry) pass their
// own key; otherwise the table's content is hashed in one scan.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { quoteIdent } from '../sql/quote.js';
import { tableColumns } from './stage-store.js';

/** A key for the content of `table`: row count, column names and types, and a sum of row hashes. */
export async function contentKey(conn: DuckDBConnection, table: string): Promise<string> {
  const cols = await tableColumns(conn, table);
  const r = await conn.runAndReadAll(
    `SELECT count(*) AS n, sum(hash(t))::VARCHAR AS h FROM ${quoteIdent(table)} AS t`,
  );
  const row = r.getRowObjectsJS()[0];
  const shape = cols.map((c) => `${c.name}:${c.type}`).join(',');
  return `content:${String(row?.n)}:${String(row?.h)}:${shape}`;
}
