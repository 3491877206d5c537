// Tables of the embed phase in a project's DuckDB workspace (beside those of core/workspace/tables.ts):
//
// <id>__embed_<h>  : __line BIGINT, vector FLOAT[dim] (NULL for a text without any feature),
//                    __text_sha VARCHAR — one per (dataset, column); h = first 12 hex of sha256(column name).
//                    Committed chunk by chunk, so it is also the checkpoint: a line is done when its row is there
//                    with the sha of its current text.
// __embed_cache_<dim> : key VARCHAR (sha256 of model id + "\n" + text), model_id VARCHAR, vector FLOAT[dim] — one
//                    per dimension, shared by every dataset of the project, so a re-run or a re-import embeds only
//                    new texts. With the catalogued vectors tables it makes the content-hash cache: a catalogued
//                    column's vectors are stored once, in its own table (already keyed by the same sha), and move
//                    to this table only when they would leave it (the text changed, the model changed). Vectors
//                    of uncatalogued tables (a pipeline's scratch vectors, dropped after the phase) are written
//                    here as they are made.
// No primary keys: a run only inserts lines and keys it found missing, and index upkeep on every commit costs
// more than the whole write (the run's final row count check catches a concurrent run on the same column).
// __embed_catalog  : which table holds which (dataset, column)'s vectors, from which model, of which dimension.

import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '../adapters/duckdb.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';

/** The shared content-hash cache for vectors of one dimension. */
export function cacheTable(dimension: number): string {
  return `__embed_cache_${dimension}`;
}
/** Which vectors table belongs to which dataset column. */
export const CATALOG_TABLE = '__embed_catalog';

/** The (unquoted) name of a column's vectors table. */
export function embedTableName(datasetId: string, column: string): string {
  if (!/^[a-z0-9_]+$/.test(datasetId)) throw new Error(`invalid dataset id ${datasetId}`);
  return `${datasetId}__embed_${createHash('sha256').update(column).digest('hex').slice(0, 12)}`;
}

/** SQL for the cache key of a text expression: sha256(model id + "\n" + text), as hex. */
export function cacheKeySql(modelId: string, textExpr: string): string {
  return `sha256(${quoteLiteral(`${modelId}\n`)} || ${textExpr})`;
}

/**
 * SQL that is true for a text worth embedding (not NULL, not only spaces, tabs and line breaks). A search for one
 * other character stops at the first one; trim() with a character list reads the whole text (≈ 10× slower).
 */
export function nonBlankSql(textExpr: string): string {
  return `${textExpr} IS NOT NULL AND regexp_matches(${textExpr}, '[^ \\t\\n\\r]')`;
}

async function ensureCacheTable(conn: DuckDBConnection, dimension: number): Promise<void> {
  await conn.run(
    `CREATE TABLE IF NOT EXISTS ${cacheTable(dimension)} (key VARCHAR NOT NULL, model_id VARCHAR NOT NULL, vector FLOAT[${dimension}])`,
  );
}

/** Creates the shared tables for a dimension if missing. */
export async function ensureEmbedTables(conn: DuckDBConnection, dimension: number): Promise<void> {
  await ensureCacheTable(conn, dimension);
  await conn.run(
    `CREATE TABLE IF NOT EXISTS ${CATALOG_TABLE} (dataset_id VARCHAR NOT NULL, column_name VARCHAR NOT NULL,
       table_name VARCHAR NOT NULL, model_id VARCHAR NOT NULL, dimension INTEGER NOT NULL, rows BIGINT,
       updated_at TIMESTAMP NOT NULL DEFAULT now(), PRIMARY KEY (dataset_id, column_name))`,
  );
  // Added after the first workspaces were written: what to load to embed a query text with the same model.
  await conn.run(`ALTER TABLE ${CATALOG_TABLE} ADD COLUMN IF NOT EXISTS model_spec VARCHAR`);
}

/** A catalog row. */
export interface CatalogEntry {
  table: string;
  modelId: string;
  dimension: number;
  rows: number | null;
  /** The model argument that loads this model again (a manifest name or an absolute folder path). */
  modelSpec?: string | null;
  /** ISO time of the last write. */
  updatedAt?: string;
}

const CATALOG_SELECT = `SELECT table_name, model_id, dimension, rows::DOUBLE, model_spec, strftime(updated_at, '%Y-%m-%dT%H:%M:%S'),
  column_name FROM ${CATALOG_TABLE}`;

// True when the project has a catalog; brings an older one (without model_spec) up to date first.
async function catalogReady(conn: DuckDBConnection): Promise<boolean> {
  const r = await conn.runAndReadAll(
    `SELECT count(*)::INTEGER, count(*) FILTER (WHERE c.column_name = 'model_spec')::INTEGER
     FROM duckdb_tables() t LEFT JOIN duckdb_columns() c ON c.table_oid = t.table_oid
     WHERE t.table_name = ${quoteLiteral(CATALOG_TABLE)} AND NOT t.temporary`,
  );
  const [tables, spec] = r.getRows()[0] ?? [0, 0];
  if (tables === 0) return false;
  if (spec === 0) await conn.run(`ALTER TABLE ${CATALOG_TABLE} ADD COLUMN IF NOT EXISTS model_spec VARCHAR`);
  return true;
}

/** The catalog entry of a dataset column, if it was ever embedded. */
export async function readCatalog(
  conn: DuckDBConnection,
  datasetId: string,
  column: string,
): Promise<CatalogEntry | undefined> {
  if (!(await catalogReady(conn))) return undefined;
  const r = await conn.runAndReadAll(
    `${CATALOG_SELECT} WHERE dataset_id = ${quoteLiteral(datasetId)} AND column_name = ${quoteLiteral(column)}`,
  );
  const row = r.getRows()[0];
  return row ? catalogRow(row).entry : undefined;
}

function catalogRow(row: readonly unknown[]): { column: string; entry: CatalogEntry } {
  return {
    column: String(row[6]),
    entry: {
      table: String(row[0]),
      modelId: String(row[1]),
      dimension: Number(row[2]),
      rows: row[3] === null ? null : Number(row[3]),
      modelSpec: row[4] === null ? null : String(row[4]),
      updatedAt: String(row[5]),
    },
  };
}

/** Every embedded column of a dataset, by column name. */
export async function listCatalog(
  conn: DuckDBConnection,
  datasetId: string,
): Promise<{ column: string; entry: CatalogEntry }[]> {
  if (!(await catalogReady(conn))) return [];
  const r = await conn.runAndReadAll(
    `${CATALOG_SELECT} WHERE dataset_id = ${quoteLiteral(datasetId)} ORDER BY column_name`,
  );
  return r.getRows().map(catalogRow);
}

/** Records (or replaces) a catalog entry. */
export async function writeCatalog(
  conn: DuckDBConnection,
  datasetId: string,
  column: string,
  e: CatalogEntry,
): Promise<void> {
  const spec = e.modelSpec == null ? 'NULL' : quoteLiteral(e.modelSpec);
  await conn.run(
    `INSERT OR REPLACE INTO ${CATALOG_TABLE} (dataset_id, column_name, table_name, model_id, dimension, rows,
       updated_at, model_spec) VALUES (${quoteLiteral(datasetId)}, ${quoteLiteral(column)},
       ${quoteLiteral(e.table)}, ${quoteLiteral(e.modelId)}, ${e.dimension}, ${e.rows ?? 'NULL'}, now(), ${spec})`,
  );
}

/** The catalogued vectors tables that exist and hold vectors of `modelId` (unquoted names). */
export async function catalogTablesOf(conn: DuckDBConnection, modelId: string): Promise<string[]> {
  if (!(await catalogReady(conn))) return [];
  const r = await conn.runAndReadAll(
    `SELECT DISTINCT c.table_name FROM ${CATALOG_TABLE} c JOIN duckdb_tables() t
       ON t.table_name = c.table_name AND NOT t.temporary
     WHERE c.model_id = ${quoteLiteral(modelId)} ORDER BY 1`,
  );
  return r.getRows().map(([t]) => String(t));
}

/**
 * Copies the rows of a vectors table that `where` selects (SQL over the table's own columns, written as
 * `"<table>".col`) into the cache of their dimension, one per key not cached yet: run before those rows leave it.
 */
export async function keepInCache(
  conn: DuckDBConnection,
  table: string,
  modelId: string,
  dimension: number,
  where = 'true',
): Promise<void> {
  const T = quoteIdent(table);
  const cache = cacheTable(dimension);
  await ensureCacheTable(conn, dimension);
  await conn.run(
    `INSERT INTO ${cache} SELECT ${T}.__text_sha, ${quoteLiteral(modelId)}, any_value(${T}.vector) FROM ${T}
     WHERE (${where}) AND ${T}.__text_sha NOT IN (SELECT key FROM ${cache}) GROUP BY ${T}.__text_sha`,
  );
}

/** Creates a column's vectors table for a dimension. */
export async function createVectorsTable(
  conn: DuckDBConnection,
  table: string,
  dimension: number,
): Promise<void> {
  await conn.run(
    `CREATE TABLE IF NOT EXISTS ${quoteIdent(table)} (__line BIGINT NOT NULL, vector FLOAT[${dimension}], __text_sha VARCHAR NOT NULL)`,
  );
}
