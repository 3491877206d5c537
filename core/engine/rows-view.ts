// The grid's view of a dataset table: rows in source-line order, or sorted and filtered over the whole table.
// Scrolling to any offset of a 10M-row table must answer in milliseconds, and `ORDER BY … LIMIT n OFFSET o`
// sorts everything up to `o` on every call (over a second at 10M). So each view is computed once into an
// ordered list of source lines (a Float64Array, 8 bytes a row), and a window is read by its lines: a range
// scan DuckDB prunes with its zone maps. Views are cached per table and keyed by the catalog oids of the
// tables they read, so a re-import or a new validation (both replace a table) never serves stale lines.
// Asked for, a window also carries its rows' findings marks (rows-view-marks.ts), on the same connection.

import { withConnection, type DuckDBConnection, type DuckDbHandle } from '../adapters/duckdb.js';
import type { RowsFilter, RowsPage, RowsSort } from '../contract/datasets.js';
import { AppError } from '../contract/errors.js';
import { isMissingSql } from '../recipe/sql-text.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { LINE_COLUMN } from '../workspace/tables.js';
import { lineBounds, readMarks } from './rows-view-marks.js';

/** What a page request asks of a view. */
export interface ViewRequest {
  offset: number;
  limit: number;
  sort?: RowsSort;
  filters?: RowsFilter[];
  /** Also read the findings marks of the window's rows (RowsPage.marks). */
  marks?: boolean;
}

/** Where a view reads: the table (unquoted name) with the rows, and the findings table for finding filters. */
export interface ViewSource {
  table: string;
  findingsTable: string;
}

/** Views kept per cache (each up to 8 bytes a row). */
const MAX_VIEWS = 3;
/** Below this offset the plain view is read directly while its line list is still being built. */
const DIRECT_OFFSETS = 20_000;

/**
 * What one opened dataset remembers: ordered line lists of recent views by key (the promise is shared by
 * concurrent requests), and the columns of each table read. A table is never changed under its name (recipe
 * stages are immutable, a re-import opens the dataset anew with a new cache), so neither goes stale; only
 * the findings table is replaced in place, and views that read it are keyed by its catalog oid.
 */
export interface ViewCache {
  views: Map<string, Promise<Float64Array>>;
  columns: Map<string, string[]>;
}

/** A fresh cache (one per opened dataset). */
export function createViewCache(): ViewCache {
  return { views: new Map(), columns: new Map() };
}

const LINE = quoteIdent(LINE_COLUMN);

/** A window of the view `req` describes over `src` (with the marks of its rows when `req.marks`). */
export async function readView(
  db: DuckDbHandle,
  cache: ViewCache,
  src: ViewSource,
  req: ViewRequest,
): Promise<RowsPage> {
  return withConnection(db, async (conn) => {
    const page = await readWindow(conn, db, cache, src, req);
    return req.marks ? { ...page, marks: await readMarks(conn, src.findingsTable, page.lines) } : page;
  });
}

async function readWindow(
  conn: DuckDBConnection,
  db: DuckDbHandle,
  cache: ViewCache,
  src: ViewSource,
  req: ViewRequest,
): Promise<RowsPage> {
  // Catalog queries take milliseconds each: a page read asks none unless it filters by findings.
  let columns = cache.columns.get(src.table);
  if (!columns) {
    columns = await tableColumns(conn, src.table);
    if (columns.length === 0)
      throw new AppError('NOT_FOUND', `The table ${src.table} does not exist.`, {
        hint: 'Open the file again to import it.',
      });
    cache.columns.set(src.table, columns);
  }
  const names = columns.filter((c) => c !== LINE_COLUMN);
  const filters = req.filters ?? [];
  const usesFindings = filters.some((f) => f.kind === 'findings');
  const findingsOid = usesFindings ? await tableOid(conn, src.findingsTable) : null;
  const where = filters.map((f) => filterSql(f, names, src, findingsOid !== null)).join(' AND ') || 'true';
  const key = JSON.stringify([src.table, findingsOid, req.sort ?? null, filters]);
  const table = quoteIdent(src.table);
  const sql = `SELECT CAST(${LINE} AS DOUBLE) FROM ${table} WHERE ${where} ORDER BY ${orderSql(req.sort, names)}`;
  const build = () => withConnection(db, (c) => collectLines(c, sql));

  if (!req.sort && filters.length === 0 && !cache.views.has(key) && req.offset < DIRECT_OFFSETS) {
    // The first screens of a freshly opened table answer at once; its line list builds behind them.
    void linesOf(cache.views, key, build).catch(() => undefined);
    const total = Number((await conn.runAndReadAll(`SELECT count(*) FROM ${table}`)).getRows()[0]?.[0]);
    const r = await conn.runAndReadAll(
      `SELECT * FROM ${table} ORDER BY ${LINE} LIMIT ${req.limit} OFFSET ${req.offset}`,
    );
    return { ...toPage(r.columnNames(), r.getRows(), req.offset), total };
  }

  const lines = await linesOf(cache.views, key, build);
  const slice = lines.subarray(req.offset, req.offset + req.limit);
  if (slice.length === 0)
    return { columns: names, lines: [], rows: [], offset: req.offset, total: lines.length };
  const [lo, hi] = lineBounds(slice);
  // The range lets DuckDB skip row groups; the list picks a sorted view's rows out of the range.
  const pick = slice.length === hi - lo + 1 ? '' : ` AND ${LINE} IN (${slice.join(',')})`;
  const r = await conn.runAndReadAll(`SELECT * FROM ${table} WHERE ${LINE} BETWEEN ${lo} AND ${hi}${pick}`);
  const page = toPage(r.columnNames(), r.getRows(), req.offset);
  const byLine = new Map(page.lines.map((l, i) => [l, page.rows[i]!]));
  const ordered = Array.from(slice).filter((l) => byLine.has(l));
  return {
    columns: page.columns,
    lines: ordered,
    rows: ordered.map((l) => byLine.get(l)!),
    offset: req.offset,
    total: lines.length,
  };
}

function linesOf(
  cache: ViewCache['views'],
  key: string,
  build: () => Promise<Float64Array>,
): Promise<Float64Array> {
  const hit = cache.get(key);
  if (hit) {
    // Map order is the LRU order.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const made = build();
  cache.set(key, made);
  made.catch(() => cache.delete(key));
  while (cache.size > MAX_VIEWS) cache.delete(cache.keys().next().value as string);
  return made;
}

/** Streams one DOUBLE column into a typed array (a JS array of 10M numbers would be far larger). */
async function collectLines(conn: DuckDBConnection, sql: string): Promise<Float64Array> {
  const result = await conn.stream(sql);
  let out = new Float64Array(1 << 16);
  let n = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const v = chunk.getColumnVector(0);
    if (n + chunk.rowCount > out.length) {
      const grown = new Float64Array(Math.max(out.length * 2, n + chunk.rowCount));
      grown.set(out.subarray(0, n));
      out = grown;
    }
    for (let i = 0; i < chunk.rowCount; i++) out[n++] = v.getItem(i) as number;
  }
  return out.slice(0, n);
}

function toPage(names: string[], rows: unknown[][], offset: number): Omit<RowsPage, 'total'> {
  const at = names.indexOf(LINE_COLUMN);
  return {
    columns: names.filter((_, i) => i !== at),
    lines: rows.map((r) => Number(r[at])),
    rows: rows.map((r) => r.filter((_, i) => i !== at).map((v) => (v === null ? null : String(v)))),
    offset,
  };
}

async function tableColumns(conn: DuckDBConnection, table: string): Promise<string[]> {
  const r = await conn.runAndReadAll(
    `SELECT column_name FROM duckdb_columns() WHERE table_name = ${quoteLiteral(table)} ORDER BY column_index`,
  );
  return r.getRows().map((row) => String(row[0]));
}

/** The catalog oid of a table (a replaced table has a new one), or null when there is none. */
async function tableOid(conn: DuckDBConnection, table: string): Promise<string | null> {
  const r = await conn.runAndReadAll(
    `SELECT table_oid FROM duckdb_tables() WHERE table_name = ${quoteLiteral(table)}`,
  );
  const oid = r.getRows()[0]?.[0];
  return oid === undefined ? null : String(oid);
}

function column(name: string, names: string[]): string {
  if (!names.includes(name))
    throw new AppError('BAD_USAGE', `No column '${name}' in the dataset.`, {
      hint: `Columns: ${names.join(', ')}.`,
    });
  return `CAST(${quoteIdent(name)} AS VARCHAR)`;
}

function filterSql(f: RowsFilter, names: string[], src: ViewSource, hasFindings: boolean): string {
  switch (f.kind) {
    case 'contains': {
      const needle = quoteLiteral(f.value.toLowerCase());
      const cols = f.column === undefined ? names : [f.column];
      const tests = cols.map((c) => `strpos(lower(${column(c, names)}), ${needle}) > 0`);
      return `(${tests.join(' OR ') || 'false'})`;
    }
    case 'equals':
      return `(${column(f.column, names)} = ${quoteLiteral(f.value)})`;
    case 'missing': {
      const test = isMissingSql(column(f.column, names));
      return f.negate ? `(NOT ${test})` : test;
    }
    case 'findings': {
      // Before any validation no row has a finding.
      if (!hasFindings) return 'false';
      const where = [
        f.column === undefined ? null : `"column" = ${quoteLiteral(f.column)}`,
        f.rule === undefined ? null : `rule = ${quoteLiteral(f.rule)}`,
      ].filter(Boolean);
      const lines = `SELECT line FROM ${quoteIdent(src.findingsTable)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
      return `(${LINE} IN (${lines}))`;
    }
  }
}

function orderSql(sort: RowsSort | undefined, names: string[]): string {
  if (!sort) return LINE;
  const x = column(sort.column, names);
  const dir = sort.desc ? 'DESC' : 'ASC';
  const text = `${x} ${dir} NULLS LAST`;
  return sort.numeric ? `TRY_CAST(${x} AS DOUBLE) ${dir} NULLS LAST, ${text}, ${LINE}` : `${text}, ${LINE}`;
}
