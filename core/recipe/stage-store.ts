// Stages are immutable tables `<id>__stage_<depth>_<key>`; the key hashes the source identity and the enabled
// operations up to that step (plus digests of the secrets they use), so the same prefix of the same recipe on
// the same data is found again: that is what makes undo, redo and re-enabling a step instant.
// sluice_recipe_stages remembers what each stage holds and how it was made.

import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { Operation } from '../contract/recipe.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type { ColumnShape } from './compile-types.js';
import { usesFindings } from './uses-findings.js';

/** The bookkeeping table of stages. */
export const STAGES_TABLE = 'sluice_recipe_stages';

/** What the workspace remembers of a stage. */
export interface StageRecord {
  table: string;
  datasetId: string;
  sourceKey: string;
  depth: number;
  parent: string;
  stepId: string;
  op: string;
  rowsIn: number;
  rowsOut: number;
  rowsChanged: number;
  ms: number;
}

/** Creates the bookkeeping table if missing. */
export async function ensureStageTable(conn: DuckDBConnection): Promise<void> {
  // No PRIMARY KEY: DuckDB refuses delete-then-insert of a key in one transaction; the name is unique by design.
  await conn.run(`CREATE TABLE IF NOT EXISTS ${STAGES_TABLE} (
    table_name VARCHAR NOT NULL, dataset_id VARCHAR NOT NULL, source_key VARCHAR NOT NULL, depth INTEGER NOT NULL,
    parent VARCHAR NOT NULL, step_id VARCHAR NOT NULL, op VARCHAR NOT NULL, rows_in BIGINT NOT NULL,
    rows_out BIGINT NOT NULL, rows_changed BIGINT NOT NULL, ms DOUBLE NOT NULL, created_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP NOT NULL)`);
}

/** JSON with object keys sorted, so equal operations hash equally whatever order their keys came in. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Digest of a secret for cache keys: a changed salt must not reuse a stage hashed with the old one. */
export function secretDigest(value: string): string {
  return createHash('sha256').update(`sluice-secret\u0000${value}`).digest('hex');
}

/**
 * The cache key of the stage after `ops` (the enabled operations so far) on the source `sourceKey`. An
 * operation that reads findings also hashes `findingsKey` (what decides the findings: the schema), when given.
 */
export function stageKey(
  sourceKey: string,
  ops: readonly Operation[],
  secrets: Readonly<Record<string, string>>,
  findingsKey?: string,
): string {
  const h = createHash('sha256').update(`sluice-stage-v1\u0000${sourceKey}`);
  for (const op of ops) {
    h.update('\u0000').update(canonicalJson(op));
    if (op.op === 'hash') h.update('\u0000').update(secretDigest(secrets[op.secret] ?? ''));
    if (findingsKey !== undefined && usesFindings(op)) h.update('\u0000findings\u0000').update(findingsKey);
  }
  return h.digest('hex');
}

/** The stage table name for a dataset, depth (enabled steps applied) and key. */
export function stageTableName(datasetId: string, depth: number, key: string): string {
  return `${datasetId}__stage_${depth}_${key.slice(0, 16)}`;
}

/** True when a table of that (unquoted) name exists in the main schema. */
export async function tableExists(conn: DuckDBConnection, name: string): Promise<boolean> {
  const r = await conn.runAndReadAll(
    `SELECT count(*) AS n FROM duckdb_tables()
     WHERE table_name = $1 AND database_name = current_database() AND schema_name = 'main'`,
    [name],
  );
  return Number(r.getRowObjectsJS()[0]?.n ?? 0) > 0;
}

/** The columns of a table, in order, without `__line`. */
export async function tableColumns(
  conn: DuckDBConnection,
  name: string,
  temporary = false,
): Promise<ColumnShape[]> {
  const r = await conn.runAndReadAll(
    `SELECT column_name AS name, data_type AS type FROM duckdb_columns()
     WHERE table_name = $1 AND schema_name = 'main'
       AND ${temporary ? `database_name = 'temp'` : 'database_name = current_database()'}
     ORDER BY column_index`,
    [name],
  );
  return r
    .getRowObjectsJS()
    .map((row) => ({ name: String(row.name), type: String(row.type) }))
    .filter((c) => c.name !== '__line');
}

/** Rows in a table (DuckDB keeps the count, so this is instant). */
export async function countRows(conn: DuckDBConnection, name: string): Promise<number> {
  const r = await conn.runAndReadAll(`SELECT count(*) AS n FROM ${quoteIdent(name)}`);
  return Number(r.getRowObjectsJS()[0]?.n ?? 0);
}

function toRecord(row: Record<string, unknown>): StageRecord {
  return {
    table: String(row.table_name),
    datasetId: String(row.dataset_id),
    sourceKey: String(row.source_key),
    depth: Number(row.depth),
    parent: String(row.parent),
    stepId: String(row.step_id),
    op: String(row.op),
    rowsIn: Number(row.rows_in),
    rowsOut: Number(row.rows_out),
    rowsChanged: Number(row.rows_changed),
    ms: Number(row.ms),
  };
}

/** Records of the named stages whose tables exist, in one query (the cache lookup of a whole recipe). */
export async function findStages(
  conn: DuckDBConnection,
  tables: readonly string[],
): Promise<Map<string, StageRecord>> {
  const out = new Map<string, StageRecord>();
  if (tables.length === 0) return out;
  const r = await conn.runAndReadAll(
    `SELECT s.* FROM ${STAGES_TABLE} s
     JOIN duckdb_tables() t ON t.table_name = s.table_name AND t.database_name = current_database()
       AND t.schema_name = 'main'
     WHERE s.table_name IN (${tables.map(quoteLiteral).join(', ')})`,
  );
  for (const row of r.getRowObjectsJS()) out.set(String(row.table_name), toRecord(row));
  return out;
}

/** The record of an existing stage (its table present), or null. */
export async function findStage(conn: DuckDBConnection, table: string): Promise<StageRecord | null> {
  return (await findStages(conn, [table])).get(table) ?? null;
}

/** Records a stage (replacing an older record of the same name). Run inside the stage's transaction. */
export async function putStage(conn: DuckDBConnection, s: StageRecord): Promise<void> {
  await conn.run(`DELETE FROM ${STAGES_TABLE} WHERE table_name = $1`, [s.table]);
  await conn.run(
    `INSERT INTO ${STAGES_TABLE} VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now(), now())`,
    [
      s.table,
      s.datasetId,
      s.sourceKey,
      s.depth,
      s.parent,
      s.stepId,
      s.op,
      s.rowsIn,
      s.rowsOut,
      s.rowsChanged,
      s.ms,
    ],
  );
}

/** Marks stages as used now (garbage collection spares recently used stages). */
export async function touchStages(conn: DuckDBConnection, tables: readonly string[]): Promise<void> {
  if (tables.length === 0) return;
  await conn.run(
    `UPDATE ${STAGES_TABLE} SET used_at = now() WHERE table_name IN (${tables.map(quoteLiteral).join(', ')})`,
  );
}
