// DuckDB side of the import: staging tables, loading each normalized part with read_csv (strict, all VARCHAR,
// rejects stored), and the final swap. Everything is built under staging names and swapped in with one
// transaction, so a failed or cancelled import leaves the previous tables exactly as they were.

import type { DuckDBConnection } from '@duckdb/node-api';
import type { Dialect } from '../contract/datasets.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { LINE_COLUMN, datasetTables } from '../workspace/tables.js';
import type { NormalizedPart } from './normalize-writer.js';
import { REJECTS_COLUMNS_SQL } from './rejects.js';

/** Table names used by one import. */
export interface ImportTables {
  /** Final names (quoted). */
  source: string;
  rejects: string;
  /** Staging names, unquoted (for the appender) and quoted. */
  stagingSourceName: string;
  stagingRejectsName: string;
  stagingSource: string;
  stagingRejects: string;
  /** DuckDB's temporary rejects tables for read_csv (connection-local). */
  duckRejects: string;
  duckScans: string;
}

/** Names for a dataset's import. Staging names are fixed per dataset, so a crashed import's leftovers are
 * dropped by the next one (one import per dataset at a time is the caller's rule). */
export function importTables(datasetId: string): ImportTables {
  const final = datasetTables(datasetId);
  const stagingSourceName = `${datasetId}__source__staging`;
  const stagingRejectsName = `${datasetId}__rejects__staging`;
  return {
    source: final.source,
    rejects: final.rejects,
    stagingSourceName,
    stagingRejectsName,
    stagingSource: quoteIdent(stagingSourceName),
    stagingRejects: quoteIdent(stagingRejectsName),
    duckRejects: quoteIdent(`sluice_import_errors_${datasetId}`),
    duckScans: quoteIdent(`sluice_import_scans_${datasetId}`),
  };
}

/** Drops staging and DuckDB rejects tables (before an import, and after a failed one). */
export async function dropStaging(conn: DuckDBConnection, t: ImportTables): Promise<void> {
  await conn.run(
    `DROP TABLE IF EXISTS ${t.stagingSource}; DROP TABLE IF EXISTS ${t.stagingRejects};
     DROP TABLE IF EXISTS ${t.duckRejects}; DROP TABLE IF EXISTS ${t.duckScans};`,
  );
}

/** Creates the staging rejects table. */
export async function createStagingRejects(conn: DuckDBConnection, t: ImportTables): Promise<void> {
  await conn.run(`CREATE TABLE ${t.stagingRejects} (${REJECTS_COLUMNS_SQL})`);
}

/** Creates the staging source table: the line column plus one VARCHAR per column. */
export async function createStagingSource(
  conn: DuckDBConnection,
  t: ImportTables,
  columns: readonly string[],
): Promise<void> {
  const cols = columns.map((c) => `${quoteIdent(c)} VARCHAR`);
  await conn.run(`CREATE TABLE ${t.stagingSource} (${quoteIdent(LINE_COLUMN)} BIGINT, ${cols.join(', ')})`);
}

/** SQL loading one normalized part (records end with `<delimiter><line>`) into the staging source table. */
export function loadPartSql(
  t: ImportTables,
  part: Pick<NormalizedPart, 'path' | 'longestLine'>,
  columns: readonly string[],
  dialect: Dialect,
): string {
  const spec = [
    ...columns.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`),
    `${quoteLiteral(LINE_COLUMN)}: 'BIGINT'`,
  ];
  const select = [LINE_COLUMN, ...columns].map(quoteIdent).join(', ');
  // read_csv's buffer must be larger than its max_line_size, and a buffer much larger than needed slows the
  // load, so both follow the longest line actually written to this part (DuckDB's defaults when it is short).
  const maxLineBytes = Math.max(2 << 20, part.longestLine);
  const bufferSize = Math.max(32 << 20, 2 * maxLineBytes);
  return `INSERT INTO ${t.stagingSource} SELECT ${select} FROM read_csv(${quoteLiteral(part.path)},
    header = false, auto_detect = false, delim = ${quoteLiteral(dialect.delimiter)},
    quote = ${quoteLiteral(dialect.quote ?? '')}, escape = ${quoteLiteral(dialect.escape ?? '')},
    new_line = '\\n', columns = {${spec.join(', ')}}, strict_mode = true, null_padding = false,
    allow_quoted_nulls = false, max_line_size = ${maxLineBytes}, buffer_size = ${bufferSize},
    store_rejects = true, rejects_table = ${quoteLiteral(unquoteIdent(t.duckRejects))},
    rejects_scan = ${quoteLiteral(unquoteIdent(t.duckScans))}, rejects_limit = 0)`;
}

function unquoteIdent(quoted: string): string {
  return quoted.slice(1, -1).replaceAll('""', '"');
}

/** Row counts of the staging tables. */
export async function stagingCounts(
  conn: DuckDBConnection,
  t: ImportTables,
): Promise<{ rows: number; rejects: number }> {
  const r = await conn.runAndReadAll(
    `SELECT (SELECT count(*) FROM ${t.stagingSource}), (SELECT count(*) FROM ${t.stagingRejects})`,
  );
  const [rows, rejects] = r.getRows()[0] ?? [0, 0];
  return { rows: Number(rows), rejects: Number(rejects) };
}

/** Replaces the dataset's tables with the staging ones in one transaction. */
export async function swapIn(conn: DuckDBConnection, t: ImportTables): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run(`DROP TABLE IF EXISTS ${t.source}; DROP TABLE IF EXISTS ${t.rejects};`);
    await conn.run(`ALTER TABLE ${t.stagingSource} RENAME TO ${t.source}`);
    await conn.run(`ALTER TABLE ${t.stagingRejects} RENAME TO ${t.rejects}`);
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
