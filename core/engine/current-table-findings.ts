// Findings per stage, kept so undo and redo stay instant. `<id>__findings` holds the findings of the current
// stage; when the view moves to another stage they are parked (renamed, O(1)) as `<id>__findings_<key>`, and
// moving back renames them live again instead of validating every row. The key is the stage's identity (its
// content-addressed name and when it was made; for the source, the import) plus the schema, so parked
// findings only come back for exactly the data and schema they describe.

import { createHash } from 'node:crypto';
import { inTransaction, type DuckDBConnection } from '../adapters/duckdb.js';
import type { TableSchema } from '../contract/schema.js';
import { canonicalJson, STAGES_TABLE } from '../recipe/stage-store.js';
import { quoteIdent } from '../sql/quote.js';
import { tableExists } from '../validate/table-info.js';
import type { CurrentTable } from './current-table-alias.js';

const CACHE = 'sluice_findings_cache';

/** How many parked findings tables a dataset keeps (least recently used go first). */
export const FINDINGS_CACHE_SIZE = 8;

const live = (datasetId: string) => `${datasetId}__findings`;
const parked = (datasetId: string, key: string) => `${datasetId}__findings_${key}`;

async function transaction(conn: DuckDBConnection, statements: [string, unknown[]?][]): Promise<void> {
  await inTransaction(conn, async () => {
    for (const [sql, params] of statements) await conn.run(sql, params as never);
  });
}

async function ensureCache(conn: DuckDBConnection): Promise<void> {
  await conn.run(
    `CREATE TABLE IF NOT EXISTS ${CACHE} (dataset_id VARCHAR NOT NULL, table_name VARCHAR NOT NULL, key VARCHAR NOT NULL, used_at TIMESTAMP NOT NULL)`,
  );
}

/** The cache key of the findings of `cur` under `schema`; `sourceKey` identifies the import. */
export async function findingsKey(
  conn: DuckDBConnection,
  cur: CurrentTable,
  sourceKey: string,
  schema: TableSchema,
): Promise<string> {
  let made = '';
  if (await tableExists(conn, STAGES_TABLE)) {
    const r = await conn.runAndReadAll(
      `SELECT CAST(max(created_at) AS VARCHAR) AS t FROM ${STAGES_TABLE} WHERE table_name = $1`,
      [cur.table],
    );
    made = String(r.getRowObjectsJS()[0]?.t ?? '');
  }
  const material = canonicalJson({ table: cur.table, made, sourceKey, schema });
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}

/** The key of the live findings, when this module recorded it and the table is there. */
async function liveKey(conn: DuckDBConnection, datasetId: string): Promise<string | undefined> {
  if (!(await tableExists(conn, live(datasetId)))) return undefined;
  await ensureCache(conn);
  const r = await conn.runAndReadAll(`SELECT key FROM ${CACHE} WHERE table_name = $1`, [live(datasetId)]);
  const k = r.getRowObjectsJS()[0]?.key;
  return k == null ? undefined : String(k);
}

async function evict(conn: DuckDBConnection, datasetId: string): Promise<void> {
  const old = await conn.runAndReadAll(
    `SELECT table_name AS t FROM ${CACHE} WHERE dataset_id = $1 AND table_name <> $2
     ORDER BY used_at DESC OFFSET ${FINDINGS_CACHE_SIZE}`,
    [datasetId, live(datasetId)],
  );
  for (const row of old.getRowObjectsJS()) {
    const t = String(row.t);
    await transaction(conn, [
      [`DROP TABLE IF EXISTS ${quoteIdent(t)}`],
      [`DELETE FROM ${CACHE} WHERE table_name = $1`, [t]],
    ]);
  }
}

/** Parks the live findings under their key (a rename), so validating another stage does not lose them. */
export async function parkFindings(conn: DuckDBConnection, datasetId: string): Promise<void> {
  const key = await liveKey(conn, datasetId);
  if (!key) return;
  const to = parked(datasetId, key);
  await transaction(conn, [
    [`DROP TABLE IF EXISTS ${quoteIdent(to)}`],
    [`DELETE FROM ${CACHE} WHERE table_name = $1`, [to]],
    [`ALTER TABLE ${quoteIdent(live(datasetId))} RENAME TO ${quoteIdent(to)}`],
    [`UPDATE ${CACHE} SET table_name = $1, used_at = now() WHERE table_name = $2`, [to, live(datasetId)]],
  ]);
  await evict(conn, datasetId);
}

/** Records that the live findings (just written by a validation) are those of `key`. */
export async function adoptFindings(conn: DuckDBConnection, datasetId: string, key: string): Promise<void> {
  await ensureCache(conn);
  const stale = parked(datasetId, key);
  await transaction(conn, [
    [`DROP TABLE IF EXISTS ${quoteIdent(stale)}`],
    [`DELETE FROM ${CACHE} WHERE table_name IN ($1, $2)`, [live(datasetId), stale]],
    [`INSERT INTO ${CACHE} VALUES ($1, $2, $3, now())`, [datasetId, live(datasetId), key]],
  ]);
}

/** Makes the findings of `key` live again (parking the current ones); false when they were not kept. */
export async function restoreFindings(
  conn: DuckDBConnection,
  datasetId: string,
  key: string,
): Promise<boolean> {
  if ((await liveKey(conn, datasetId)) === key) return true;
  const from = parked(datasetId, key);
  if (!(await tableExists(conn, from))) return false;
  await parkFindings(conn, datasetId);
  await transaction(conn, [
    [`DROP TABLE IF EXISTS ${quoteIdent(live(datasetId))}`],
    [`DELETE FROM ${CACHE} WHERE table_name = $1`, [live(datasetId)]],
    [`ALTER TABLE ${quoteIdent(from)} RENAME TO ${quoteIdent(live(datasetId))}`],
    [`UPDATE ${CACHE} SET table_name = $1, used_at = now() WHERE table_name = $2`, [live(datasetId), from]],
  ]);
  return true;
}

/** The kept findings table (unquoted) of `key`, live or parked, or undefined. */
export async function keptFindings(
  conn: DuckDBConnection,
  datasetId: string,
  key: string,
): Promise<string | undefined> {
  if ((await liveKey(conn, datasetId)) === key) return live(datasetId);
  const name = parked(datasetId, key);
  return (await tableExists(conn, name)) ? name : undefined;
}

/** Keeps the findings table `from` (renamed) as the parked findings of `key`; returns the new name. */
export async function parkAs(
  conn: DuckDBConnection,
  datasetId: string,
  key: string,
  from: string,
): Promise<string> {
  await ensureCache(conn);
  const to = parked(datasetId, key);
  await transaction(conn, [
    [`DROP TABLE IF EXISTS ${quoteIdent(to)}`],
    [`DELETE FROM ${CACHE} WHERE table_name = $1`, [to]],
    [`ALTER TABLE ${quoteIdent(from)} RENAME TO ${quoteIdent(to)}`],
    [`INSERT INTO ${CACHE} VALUES ($1, $2, $3, now())`, [datasetId, to, key]],
  ]);
  await evict(conn, datasetId);
  return to;
}
