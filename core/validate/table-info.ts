// What the workspace holds: whether a table exists and its columns, read from DuckDB's catalog.

import type { DuckDBConnection } from '../adapters/duckdb.js';

/** True when the current database and schema hold a table named `name` (unquoted). */
export async function tableExists(conn: DuckDBConnection, name: string): Promise<boolean> {
  const r = await conn.runAndReadAll(
    'SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = current_schema() AND table_name = $1',
    [name],
  );
  return Number(r.getRows()[0]?.[0] ?? 0) > 0;
}

/** Column names of a table in order (unquoted); empty when there is no such table. */
export async function tableColumns(conn: DuckDBConnection, name: string): Promise<string[]> {
  const r = await conn.runAndReadAll(
    `SELECT column_name FROM duckdb_columns() WHERE database_name = current_database()
       AND schema_name = current_schema() AND table_name = $1 ORDER BY column_index`,
    [name],
  );
  return r.getRows().map((row) => String(row[0]));
}
