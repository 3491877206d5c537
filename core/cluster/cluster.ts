// Clusters of similar values in one column, computed in DuckDB: distinct values and their counts, keyed, and
// grouped by key. Accepting clusters makes a mapValues operation (clusterOp).

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import type { ClusterMethod, Operation, ValueCluster } from '../contract/recipe.js';
import { quoteIdent } from '../sql/quote.js';
import { fingerprintSql, ngramSql } from './keys.js';

/** Options of clusterColumn. */
export interface ClusterOptions {
  /** Default 'fingerprint'. */
  method?: ClusterMethod;
  /** n-gram size for 'ngram' (default 2). */
  n?: number;
  /** Most clusters returned, largest first (default 200). */
  limit?: number;
}

/** The column's real name (DuckDB names compare case-insensitively), or NOT_FOUND. */
async function columnOf(conn: DuckDBConnection, table: string, column: string): Promise<string> {
  const r = await conn.runAndReadAll(
    `SELECT column_name AS c FROM duckdb_columns() WHERE table_name = $1 AND database_name = current_database()
       AND schema_name = 'main' AND lower(column_name) = lower($2) ORDER BY column_name = $2 DESC LIMIT 1`,
    [table, column],
  );
  const name = r.getRowObjectsJS()[0]?.c;
  if (name == null) throw new AppError('NOT_FOUND', `No column '${column}' in ${table}.`, { column });
  return String(name);
}

/** Clusters the values of `column` in `table` (unquoted); each cluster has at least two distinct values. */
export async function clusterColumn(
  conn: DuckDBConnection,
  table: string,
  column: string,
  opts: ClusterOptions = {},
): Promise<ValueCluster[]> {
  const col = quoteIdent(await columnOf(conn, table, column));
  const method = opts.method ?? 'fingerprint';
  const key = method === 'ngram' ? ngramSql('value', opts.n ?? 2) : fingerprintSql('value');
  const limit = Math.max(1, Math.floor(opts.limit ?? 200));
  const r = await conn.runAndReadAll(`
    WITH v AS (SELECT CAST(${col} AS VARCHAR) AS value, count(*) AS cnt FROM ${quoteIdent(table)}
               WHERE ${col} IS NOT NULL GROUP BY 1),
         k AS (SELECT value, cnt, ${key} AS key FROM v)
    SELECT key, list(value ORDER BY cnt DESC, value) AS vals, list(cnt ORDER BY cnt DESC, value) AS cnts,
           sum(cnt) AS rows
    FROM k WHERE key <> '' GROUP BY key HAVING count(*) > 1
    ORDER BY rows DESC, key LIMIT ${limit}`);
  return r.getRowObjectsJS().map((row) => {
    const vals = row.vals as string[];
    const cnts = (row.cnts as (bigint | number)[]).map(Number);
    const values = vals.map((value, i) => ({ value, count: cnts[i] ?? 0 }));
    return { key: String(row.key), values, rows: Number(row.rows), suggested: values[0]?.value ?? '' };
  });
}

/** An accepted cluster: its values become `to`. */
export interface AcceptedCluster {
  values: string[];
  to: string;
}

/** The mapValues operation that merges accepted clusters of `column`. */
export function clusterOp(column: string, accepted: readonly AcceptedCluster[]): Operation {
  const mapping = accepted.flatMap((c) =>
    c.values.filter((v) => v !== c.to).map((from) => ({ from, to: c.to })),
  );
  if (mapping.length === 0) throw new AppError('BAD_USAGE', 'The accepted clusters change no value.', {});
  return { op: 'mapValues', columns: [column], mapping };
}
