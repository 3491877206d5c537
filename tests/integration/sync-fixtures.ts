// Datasets for the sync tests, built directly in a DuckDB workspace (as the importer would leave them), and the
// same rows built independently in PostgreSQL, so a synced table can be compared with what it should hold.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import { closePg, connectPg, type PgTarget } from '../../core/adapters/postgres.js';
import type { TableSchema } from '../../core/contract/schema.js';
import { tableChecksum } from '../../core/sync/checksum.js';

/** A workspace holding dataset `d` (rows with id from..to, source line = id + 1). */
export interface Dataset {
  duck: DuckDbHandle;
  /** The workspace file. */
  path: string;
  datasetId: string;
  schema: TableSchema;
  close(): Promise<void>;
}

/** The dataset's schema: every kind of field, id as primary key. */
export const SCHEMA: TableSchema = {
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true } },
    { name: 'name', type: 'string' },
    { name: 'price', type: 'number' },
    { name: 'active', type: 'boolean' },
    { name: 'day', type: 'date' },
  ],
  primaryKey: 'id',
};

/** DuckDB and PostgreSQL expressions of the same row values for id `i`. */
const duckRow = (i: string) => `CAST(${i} AS VARCHAR) AS id,
  CASE WHEN ${i} % 7 = 0 THEN 'quote " comma , newline' || chr(10) || ${i} ELSE 'name ' || ${i} END AS name,
  CAST(${i} * 1.5 AS VARCHAR) AS price,
  CASE WHEN ${i} % 2 = 0 THEN 'true' ELSE 'false' END AS active,
  CAST(DATE '2024-01-01' + CAST(${i} % 365 AS INTEGER) AS VARCHAR) AS day`;
const pgRow = (i: string) => `${i}::bigint AS id,
  CASE WHEN ${i} % 7 = 0 THEN 'quote " comma , newline' || chr(10) || ${i} ELSE 'name ' || ${i} END AS name,
  (${i} * 1.5)::float8 AS price, (${i} % 2 = 0) AS active, DATE '2024-01-01' + (${i} % 365)::int AS day`;

/** Creates a workspace with rows id ∈ [from, to]. */
export async function makeDataset(from: number, to: number): Promise<Dataset> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-ds-'));
  const path = join(dir, 'project.duckdb');
  const duck = await openDuckDb(path, { threads: 2 });
  await withConnection(duck, (c) =>
    c.run(`CREATE TABLE d__source AS SELECT CAST(i + 1 AS BIGINT) AS __line, ${duckRow('i')}
           FROM (SELECT range AS i FROM range(${from}, ${to + 1}))`),
  );
  return {
    duck,
    path,
    datasetId: 'd',
    schema: structuredClone(SCHEMA),
    async close() {
      duck.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs SQL on the workspace. */
export async function duckRun(ds: Dataset, sql: string): Promise<void> {
  await withConnection(ds.duck, async (c) => {
    await c.run(sql);
  });
}

/** Rows of a workspace query. */
export async function duckRows(ds: Dataset, sql: string): Promise<Record<string, unknown>[]> {
  return withConnection(
    ds.duck,
    async (c) => (await c.runAndReadAll(sql)).getRowObjects() as Record<string, unknown>[],
  );
}

/** Adds validation findings (rule 'type') on lines. */
export async function addFindings(ds: Dataset, lines: number[]): Promise<void> {
  await duckRun(
    ds,
    `CREATE TABLE IF NOT EXISTS d__findings (line BIGINT, "column" VARCHAR, rule VARCHAR, value VARCHAR, message VARCHAR)`,
  );
  if (lines.length) {
    await duckRun(
      ds,
      `INSERT INTO d__findings SELECT l, 'id', 'type', NULL, 'bad' FROM unnest([${lines.join(',')}]) t(l)`,
    );
  }
}

/** Runs SQL on a PostgreSQL database. */
export async function pgRun<R = Record<string, unknown>>(
  target: PgTarget,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const c = await connectPg(target);
  try {
    return (await c.query(sql, params)).rows as R[];
  } finally {
    await closePg(c);
  }
}

/** Creates `table` in PostgreSQL holding the dataset rows for the given id ranges (built by PostgreSQL itself). */
export async function pgDataset(
  target: PgTarget,
  table: string,
  ranges: [number, number][],
  extra = '',
): Promise<void> {
  const parts = ranges.map(([a, b]) => `SELECT ${pgRow('i')} FROM generate_series(${a}, ${b}) i`);
  await pgRun(target, `CREATE TABLE ${table} AS ${parts.join(' UNION ALL ')}`);
  if (extra) await pgRun(target, extra);
}

/** Order-independent checksum of a table. */
export async function checksum(
  target: PgTarget,
  table: string,
  dbSchema = 'public',
): Promise<{ rows: number; checksum: string }> {
  const c = await connectPg(target);
  try {
    return await tableChecksum(c, dbSchema, table);
  } finally {
    await closePg(c);
  }
}
