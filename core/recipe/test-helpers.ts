// Test support (used by the *.test.ts files beside it and tests/integration): an in-memory dataset made with
// plain SQL, shaped like the importer's `<id>__source` and the validator's `<id>__findings`.

import { openDuckDb, type DuckDBConnection, type DuckDbHandle } from '../adapters/duckdb.js';
import type { Operation, Recipe, RecipeRunResult } from '../contract/recipe.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { applyRecipe, type ApplyOptions } from './apply.js';

/** A finding row as the validator writes it. */
export interface FindingRow {
  line: number;
  column: string;
  rule: string;
  value?: string | null;
}

/** An open in-memory database with one connection. */
export interface TestDb {
  db: DuckDbHandle;
  conn: DuckDBConnection;
  close(): void;
}

/** Opens an in-memory database (or a file) with one connection. */
export async function openTestDb(path = ':memory:'): Promise<TestDb> {
  const db = await openDuckDb(path, { threads: 2 });
  const conn = await db.connect();
  return {
    db,
    conn,
    close() {
      conn.closeSync();
      db.close();
    },
  };
}

const lit = (v: string | null | undefined) => (v == null ? 'NULL' : quoteLiteral(v));

/** Creates `<id>__source` with VARCHAR columns; rows get lines 2, 3, … (line 1 is the header). */
export async function createSource(
  conn: DuckDBConnection,
  datasetId: string,
  columns: string[],
  rows: (string | null)[][],
): Promise<void> {
  const table = quoteIdent(`${datasetId}__source`);
  const cols = columns.map((c) => `${quoteIdent(c)} VARCHAR`).join(', ');
  await conn.run(`CREATE OR REPLACE TABLE ${table} (__line BIGINT, ${cols})`);
  if (rows.length === 0) return;
  const values = rows.map((r, i) => `(${i + 2}, ${columns.map((_, j) => lit(r[j])).join(', ')})`).join(',\n');
  await conn.run(`INSERT INTO ${table} VALUES ${values}`);
}

/** Creates `<id>__findings` with the given findings. */
export async function createFindings(
  conn: DuckDBConnection,
  datasetId: string,
  findings: FindingRow[],
): Promise<void> {
  const table = quoteIdent(`${datasetId}__findings`);
  await conn.run(
    `CREATE OR REPLACE TABLE ${table} (line BIGINT, "column" VARCHAR, rule VARCHAR, value VARCHAR, message VARCHAR)`,
  );
  if (findings.length === 0) return;
  const values = findings
    .map((f) => `(${f.line}, ${lit(f.column)}, ${lit(f.rule)}, ${lit(f.value)}, 'test')`)
    .join(', ');
  await conn.run(`INSERT INTO ${table} VALUES ${values}`);
}

/** Every row of a table ordered by line, values as text: [line, ...values]. */
export async function readTable(
  conn: DuckDBConnection,
  table: string,
): Promise<(string | number | null)[][]> {
  const r = await conn.runAndReadAll(`SELECT * FROM ${quoteIdent(table)} ORDER BY __line`);
  return r.getRowsJS().map((row) => row.map((v, i) => (i === 0 ? Number(v) : v == null ? null : String(v))));
}

/** A recipe of the given operations, all enabled. */
export function recipeOf(...ops: Operation[]): Recipe {
  return {
    format: 'sluice-recipe',
    version: 1,
    steps: ops.map((op, i) => ({ id: `s${i + 1}`, op, enabled: true })),
  };
}

/** Applies one operation to `<id>__source`; returns the run and the output rows. */
export async function runOp(
  conn: DuckDBConnection,
  datasetId: string,
  op: Operation,
  opts: ApplyOptions = {},
): Promise<{ run: RecipeRunResult; rows: (string | number | null)[][]; columns: string[] }> {
  const run = await applyRecipe(conn, datasetId, recipeOf(op), opts);
  const rows = await readTable(conn, run.table);
  const r = await conn.runAndReadAll(`SELECT * FROM ${quoteIdent(run.table)} LIMIT 0`);
  return { run, rows, columns: r.columnNames().slice(1) };
}
