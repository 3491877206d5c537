// SQL text for loading batches. Identifiers are always quoted; values never appear in SQL text (they travel in
// COPY data or as $n parameters).

import { quoteIdent } from '../sql/quote.js';
import type { SyncMode } from '../contract/sync.js';

/** Column of the staging table holding the source line. */
export const STAGE_LINE = '__sluice_line';
/** Columns the undo table adds to the target's: operation ('i' inserted, 'u' updated), batch, order. */
export const UNDO_OP = '__sluice_op';
export const UNDO_BATCH = '__sluice_batch';
export const UNDO_SEQ = '__sluice_seq';

/** Names Sluice's own columns take; a target column with one of these names cannot be synced. */
export const RESERVED_TARGET_COLUMNS = [STAGE_LINE, UNDO_OP, UNDO_BATCH, UNDO_SEQ];

/** What a batch is loaded into. */
export interface LoadShape {
  /** Qualified, quoted table the rows go to (the target, or the table a replace loads). */
  into: string;
  /** Target column names, aligned with the source columns. */
  columns: string[];
  /** PostgreSQL types of `columns`. */
  types: string[];
  /** Key columns (target names). */
  key: string[];
  /** Qualified, quoted undo table (upsert / insert-new). */
  undo?: string;
}

const cols = (names: readonly string[], prefix = '') => names.map((n) => prefix + quoteIdent(n)).join(', ');

/** True when the mode COPYs into a staging table and merges from there. */
export function isStaged(mode: SyncMode): boolean {
  return mode === 'upsert' || mode === 'insert-new';
}

/** Per-session staging table: temporary, so a crashed client can never leave one behind. */
export function stageDdl(stage: string, s: LoadShape): string {
  const defs = s.columns.map((c, i) => `${quoteIdent(c)} ${s.types[i]}`);
  return `CREATE TEMP TABLE IF NOT EXISTS ${quoteIdent(stage)} (${quoteIdent(STAGE_LINE)} bigint, ${defs.join(', ')}) ON COMMIT DELETE ROWS`;
}

/** COPY into the staging table (line first) or straight into the target. */
export function copySql(s: LoadShape, stage?: string): string {
  return stage
    ? `COPY ${quoteIdent(stage)} (${quoteIdent(STAGE_LINE)}, ${cols(s.columns)}) FROM STDIN (FORMAT csv)`
    : `COPY ${s.into} (${cols(s.columns)}) FROM STDIN (FORMAT csv)`;
}

/**
 * Merges the staging table into the target and records undo data in the same statement. Sibling CTEs see the
 * snapshot taken before the statement, so joining the target in `u` reads the rows as they were: the
 * before-images. `xmax = 0` on a RETURNING row means it was inserted, not updated.
 * Parameters: $1 batch number, $2..$3 the staged line range. Returns one row: inserted, updated.
 */
export function mergeSql(mode: 'upsert' | 'insert-new', stage: string, s: LoadShape): string {
  if (!s.undo) throw new Error('merge needs an undo table');
  const keyList = cols(s.key);
  const all = cols(s.columns);
  const nonKey = s.columns.filter((c) => !s.key.includes(c));
  const stageQ = quoteIdent(stage);
  const retKeys = s.key.map((k, i) => `t.${quoteIdent(k)} AS k${i}`).join(', ');
  const joinKeys = s.key.map((k, i) => `o.${quoteIdent(k)} = m.k${i}`).join(' AND ');
  const mKeys = s.key.map((_, i) => `m.k${i}`).join(', ');
  const undoMeta = `${quoteIdent(UNDO_OP)}, ${quoteIdent(UNDO_BATCH)}`;
  // $2..$3: the staged lines to merge (all of them, or a part while isolating a rejected row).
  const insertPart = `INSERT INTO ${s.into} AS t (${all}) SELECT ${all} FROM ${stageQ} WHERE ${quoteIdent(STAGE_LINE)} BETWEEN $2 AND $3`;
  const undoIns = `i AS (INSERT INTO ${s.undo} (${keyList}, ${undoMeta}) SELECT ${mKeys}, 'i', $1 FROM merged m WHERE m.ins RETURNING 1)`;
  if (mode === 'insert-new' || nonKey.length === 0) {
    return `WITH merged AS (${insertPart} ON CONFLICT (${keyList}) DO NOTHING RETURNING ${retKeys}, true AS ins), ${undoIns}
      SELECT (SELECT count(*) FROM i)::int AS inserted, 0 AS updated`;
  }
  const set = nonKey.map((c) => `${quoteIdent(c)} = EXCLUDED.${quoteIdent(c)}`).join(', ');
  const changed = `ROW(${cols(nonKey, 't.')}) IS DISTINCT FROM ROW(${cols(nonKey, 'EXCLUDED.')})`;
  return `WITH merged AS (${insertPart} ON CONFLICT (${keyList}) DO UPDATE SET ${set} WHERE ${changed}
        RETURNING ${retKeys}, (t.xmax = 0) AS ins),
      u AS (INSERT INTO ${s.undo} (${all}, ${undoMeta}) SELECT ${cols(s.columns, 'o.')}, 'u', $1
            FROM ${s.into} o JOIN merged m ON ${joinKeys} WHERE NOT m.ins RETURNING 1),
      ${undoIns}
    SELECT (SELECT count(*) FROM i)::int AS inserted, (SELECT count(*) FROM u)::int AS updated`;
}

/** Creates the undo table: the target's synced columns (no constraints) plus operation, batch and order. */
export function undoDdl(undo: string, s: LoadShape): string[] {
  return [
    `CREATE TABLE ${undo} AS SELECT ${cols(s.columns)} FROM ${s.into} WITH NO DATA`,
    `ALTER TABLE ${undo} ADD COLUMN ${quoteIdent(UNDO_OP)} char(1) NOT NULL, ADD COLUMN ${quoteIdent(UNDO_BATCH)} int,
       ADD COLUMN ${quoteIdent(UNDO_SEQ)} bigserial`,
  ];
}

/** The ledger row of a committed batch, with the transaction id (append rollback deletes by it). */
export function ledgerInsertSql(ledger: string): string {
  return `INSERT INTO ${ledger} (sync_id, pass, line_from, line_to, batch_no, rows, inserted, updated, unchanged, rejected, checksum, xid)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, pg_current_xact_id())`;
}
