// The DuckDB side of a sync: which rows go (not held back), how many, a fingerprint of them, batch boundaries,
// and each batch written as a CSV file for COPY. Rows are always read by __line ranges, never the whole table
// into JavaScript memory.

import { createHash } from 'node:crypto';
import type { DuckDBConnection, DuckDbHandle } from '../adapters/duckdb.js';
import type { TableSchema } from '../contract/schema.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { LINE_COLUMN } from '../workspace/tables.js';
import { valueExpr, type SourceColumn } from './source-sql.js';

/** A set of source lines: an inclusive range, optionally restricted to listed lines (re-sync passes). */
export interface LineSet {
  from: number;
  to: number;
  lines?: number[];
}

/** Everything needed to read the rows of one sync from the workspace. */
export interface SyncSource {
  duck: DuckDbHandle;
  /** Quoted workspace table holding the rows. */
  table: string;
  /** Quoted findings table, or null when the dataset has none. */
  findings: string | null;
  includeInvalid: boolean;
  columns: SourceColumn[];
  /** DuckDB value expressions, aligned with `columns`. */
  exprs: string[];
}

const L = quoteIdent(LINE_COLUMN);

/** Number from a DuckDB BIGINT/HUGEINT/count value. */
export function num(v: unknown): number {
  return typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : Number(v ?? 0);
}

/** Rows of a query as objects. */
export async function rowsOf(c: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const r = await c.runAndReadAll(sql);
  return r.getRowObjects() as Record<string, unknown>[];
}

/** Column names and DuckDB types of a workspace table, or undefined when it does not exist. */
export async function describeTable(
  c: DuckDBConnection,
  name: string,
): Promise<{ name: string; type: string }[] | undefined> {
  const rows = await rowsOf(
    c,
    `SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ${quoteLiteral(name)} ORDER BY column_index`,
  );
  if (rows.length === 0) return undefined;
  return rows.map((r) => ({ name: String(r.column_name), type: String(r.data_type) }));
}

/** Builds the source description; `pgvector` decides the text form of embeddings. */
export function makeSource(
  duck: DuckDbHandle,
  table: string,
  findings: string | null,
  includeInvalid: boolean,
  columns: SourceColumn[],
  schema: TableSchema,
  pgvector: boolean,
): SyncSource {
  return {
    duck,
    table,
    findings,
    includeInvalid,
    columns,
    exprs: columns.map((col) => valueExpr(col, schema, { pgvector })),
  };
}

function setWhere(set: LineSet): string {
  const range = `s.${L} BETWEEN ${set.from} AND ${set.to}`;
  return set.lines ? `${range} AND s.${L} IN (${set.lines.join(', ') || 'NULL'})` : range;
}

/** SQL condition: the row is sent (in `set`, and not held back by a validation finding). */
export function sendableWhere(src: SyncSource, set?: LineSet): string {
  const parts = [set ? setWhere(set) : 'TRUE'];
  if (src.findings && !src.includeInvalid) {
    const bound = set ? ` AND line BETWEEN ${set.from} AND ${set.to}` : '';
    parts.push(
      `s.${L} NOT IN (SELECT line FROM ${src.findings} WHERE rule <> 'sync' AND line IS NOT NULL${bound})`,
    );
  }
  return parts.join(' AND ');
}

/** Lines held back by validation findings (only when held back at all). */
export function heldBackSql(src: SyncSource): string | undefined {
  if (!src.findings || src.includeInvalid) return undefined;
  return `SELECT DISTINCT f.line FROM ${src.findings} f JOIN ${src.table} s ON s.${L} = f.line WHERE f.rule <> 'sync'`;
}

/** Rows in the table, rows held back. */
export async function countSource(
  c: DuckDBConnection,
  src: SyncSource,
): Promise<{ rows: number; heldBack: number }> {
  const [r] = await rowsOf(c, `SELECT count(*) AS n FROM ${src.table}`);
  const held = heldBackSql(src);
  const [h] = held ? await rowsOf(c, `SELECT count(*) AS n FROM (${held})`) : [{ n: 0 }];
  return { rows: num(r?.n), heldBack: num(h?.n) };
}

/** Held-back line numbers (recorded with the sync so "re-sync the fixed rows" can find them later). */
export async function heldBackLines(c: DuckDBConnection, src: SyncSource): Promise<number[]> {
  const held = heldBackSql(src);
  if (!held) return [];
  const rows = await rowsOf(c, `SELECT line FROM (${held}) ORDER BY line`);
  return rows.map((r) => num(r.line));
}

/** An order-independent fingerprint of what would be sent: values, lines, held-back lines. */
export async function fingerprint(c: DuckDBConnection, src: SyncSource): Promise<string> {
  const cols = [`s.${L}`, ...src.columns.map((col) => `s.${quoteIdent(col.source)}`)].join(', ');
  const [r] = await rowsOf(c, `SELECT count(*) AS n, sum(hash(${cols})) AS h FROM ${src.table} s`);
  const held = heldBackSql(src);
  const [h] = held
    ? await rowsOf(c, `SELECT count(*) AS n, sum(hash(line)) AS h FROM (${held})`)
    : [{ n: 0, h: 0 }];
  return (
    createHash('sha1')
      // An empty findings table and none at all must fingerprint alike (sum() of nothing is NULL).
      .update(
        JSON.stringify([String(r?.n), String(r?.h ?? 0), String(h?.n ?? 0), String(h?.h ?? 0), src.exprs]),
      )
      .digest('hex')
  );
}

/**
 * Every `granule`-th sendable line within [from, to], plus the last one: batch boundaries. A batch of k
 * granules then spans exactly k × granule rows, whatever the adaptive batch size is at that moment.
 */
export async function granules(
  c: DuckDBConnection,
  src: SyncSource,
  set: LineSet,
  granule: number,
): Promise<number[]> {
  const rows = await rowsOf(
    c,
    `SELECT l FROM (SELECT s.${L} AS l, row_number() OVER (ORDER BY s.${L}) AS rn, count(*) OVER () AS n
       FROM ${src.table} s WHERE ${sendableWhere(src, set)}) WHERE rn % ${granule} = 0 OR rn = n ORDER BY l`,
  );
  return rows.map((r) => num(r.l));
}

/**
 * Writes the batch's rows as CSV for COPY; returns the row count. `ordered` sorts them by line, which a failed
 * COPY's record number needs to be mapped back to a line; the first try of a batch skips the sort (a third of
 * the export's time) and a batch that fails is exported again in order (worker.ts).
 * Values are quoted only when needed: DuckDB writes NULL as an empty unquoted field and '' as "", which is how
 * PostgreSQL's CSV COPY tells them apart. A one-column row is always quoted, so a value `\.` can never be
 * read as COPY's end-of-data line.
 */
export async function exportBatch(
  c: DuckDBConnection,
  src: SyncSource,
  set: LineSet,
  file: string,
  withLine: boolean,
  ordered = true,
): Promise<number> {
  const select = [...(withLine ? [`s.${L}`] : []), ...src.exprs.map((e, i) => `${e} AS c${i}`)].join(', ');
  const oneColumn = src.exprs.length + (withLine ? 1 : 0) === 1;
  const r = await c.run(
    `COPY (SELECT ${select} FROM ${src.table} s WHERE ${sendableWhere(src, set)}${ordered ? ` ORDER BY s.${L}` : ''})
       TO ${quoteLiteral(file)} (FORMAT csv, HEADER false${oneColumn ? ', FORCE_QUOTE *' : ''})`,
  );
  return r.rowsChanged;
}

/** The batch's sendable lines in order (to map COPY record numbers back to lines when a batch fails). */
export async function batchLines(c: DuckDBConnection, src: SyncSource, set: LineSet): Promise<number[]> {
  const rows = await rowsOf(
    c,
    `SELECT s.${L} AS l FROM ${src.table} s WHERE ${sendableWhere(src, set)} ORDER BY l`,
  );
  return rows.map((r) => num(r.l));
}

/**
 * The batch's lines with, for each, how many line feeds its exported values hold. PostgreSQL's COPY reports a
 * physical line number that counts the line feeds inside quoted values (except in the first record, read
 * before the line ending is known); this lets `recordAtCopyLine` map it back to a record exactly.
 */
export async function batchLineMap(
  c: DuckDBConnection,
  src: SyncSource,
  set: LineSet,
): Promise<{ lines: number[]; feeds: number[] }> {
  const all = src.exprs.map((e) => `COALESCE(${e}, '')`).join(' || ') || "''";
  const rows = await rowsOf(
    c,
    `SELECT l, len(v) - len(replace(v, chr(10), '')) AS n FROM (
       SELECT s.${L} AS l, ${all} AS v FROM ${src.table} s WHERE ${sendableWhere(src, set)}) ORDER BY l`,
  );
  return { lines: rows.map((r) => num(r.l)), feeds: rows.map((r) => num(r.n)) };
}

/** The 1-based record whose COPY line number is `copyLine` (see batchLineMap), or undefined. */
export function recordAtCopyLine(copyLine: number, feeds: readonly number[]): number | undefined {
  let physical = 0;
  for (let k = 1; k <= feeds.length; k++) {
    physical += 1 + (k > 1 ? feeds[k - 1]! : 0);
    if (physical === copyLine) return k;
    if (physical > copyLine) return undefined;
  }
  return undefined;
}

/** Of the given lines, those that are sendable now (re-sync: fixed rows only). */
export async function sendableAmong(
  c: DuckDBConnection,
  src: SyncSource,
  lines: number[],
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < lines.length; i += 10_000) {
    const chunk = lines.slice(i, i + 10_000);
    const set: LineSet = { from: Math.min(...chunk), to: Math.max(...chunk), lines: chunk };
    out.push(...(await batchLines(c, src, set)));
  }
  return out;
}

/** Key problems among the rows to send: missing key values and duplicate keys (up to 10 examples each). */
export async function keyProblems(
  c: DuckDBConnection,
  src: SyncSource,
  keyIdx: number[],
): Promise<{ nulls: number; nullLines: number[]; duplicates: number; duplicateLines: number[][] }> {
  const keys = keyIdx.map((i) => src.exprs[i] ?? 'NULL');
  const base = `SELECT s.${L} AS line, ${keys.map((k, i) => `${k} AS k${i}`).join(', ')} FROM ${src.table} s WHERE ${sendableWhere(src)}`;
  const anyNull = keys.map((_, i) => `k${i} IS NULL`).join(' OR ');
  const group = keys.map((_, i) => `k${i}`).join(', ');
  const [n] = await rowsOf(c, `SELECT count(*) AS n FROM (${base}) WHERE ${anyNull}`);
  const nullRows = await rowsOf(c, `SELECT line FROM (${base}) WHERE ${anyNull} ORDER BY line LIMIT 10`);
  const [d] = await rowsOf(
    c,
    `SELECT count(*) AS n FROM (SELECT ${group} FROM (${base}) WHERE NOT (${anyNull}) GROUP BY ${group} HAVING count(*) > 1)`,
  );
  const dupRows = await rowsOf(
    c,
    `SELECT list(line ORDER BY line) AS lines FROM (${base}) WHERE NOT (${anyNull})
       GROUP BY ${group} HAVING count(*) > 1 ORDER BY min(line) LIMIT 10`,
  );
  return {
    nulls: num(n?.n),
    nullLines: nullRows.map((r) => num(r.line)),
    duplicates: num(d?.n),
    duplicateLines: dupRows.map((r) => (r.lines as { items: unknown[] }).items.map(num)),
  };
}
