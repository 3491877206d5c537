// Bookkeeping tables Sluice keeps in the target database, next to the data they describe, so that exactly-once
// holds across processes and crashes: a batch's rows and its ledger row commit in the same transaction.
//
// sluice_syncs         one row per sync job: target, mode, options, status, what it created (for rollback)
// sluice_sync_ledger   one row per committed batch: line range, counts, checksum, transaction id
// sluice_sync_rows_out rows not loaded: held back (validation findings) or rejected (the database's reason)

import type { PgClient } from '../adapters/postgres.js';
import type { SyncMode, SyncStatus } from '../contract/sync.js';
import { qualify } from './identifiers.js';

/** Quoted names of the bookkeeping tables in one schema. */
export interface MetaTables {
  schema: string;
  syncs: string;
  ledger: string;
  rowsOut: string;
}

/** The bookkeeping tables in `schema`. */
export function metaTables(schema: string): MetaTables {
  return {
    schema,
    syncs: qualify(schema, 'sluice_syncs'),
    ledger: qualify(schema, 'sluice_sync_ledger'),
    rowsOut: qualify(schema, 'sluice_sync_rows_out'),
  };
}

/** Creates the bookkeeping tables if missing (serialized by an advisory lock: concurrent CREATE IF NOT EXISTS races). */
export async function ensureMeta(c: PgClient, m: MetaTables, inTxn = false): Promise<void> {
  const ddl = `
    CREATE TABLE IF NOT EXISTS ${m.syncs} (
      sync_id text PRIMARY KEY,
      job_key text NOT NULL,
      dataset_id text NOT NULL,
      fingerprint text NOT NULL,
      target_schema text NOT NULL,
      target_table text NOT NULL,
      mode text NOT NULL,
      key_columns text[] NOT NULL DEFAULT '{}',
      plan jsonb NOT NULL,
      status text NOT NULL,
      created_table boolean NOT NULL DEFAULT false,
      added_columns text[] NOT NULL DEFAULT '{}',
      load_table text,
      old_table text,
      undo_table text,
      swapped boolean NOT NULL DEFAULT false,
      rows_total bigint NOT NULL DEFAULT 0,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      undo_purged_at timestamptz,
      message text
    );
    CREATE INDEX IF NOT EXISTS sluice_syncs_job ON ${m.syncs} (job_key, started_at);
    CREATE TABLE IF NOT EXISTS ${m.ledger} (
      sync_id text NOT NULL REFERENCES ${m.syncs} ON DELETE CASCADE,
      pass int NOT NULL,
      line_from bigint NOT NULL,
      line_to bigint NOT NULL,
      batch_no int NOT NULL,
      rows int NOT NULL,
      inserted int NOT NULL DEFAULT 0,
      updated int NOT NULL DEFAULT 0,
      unchanged int NOT NULL DEFAULT 0,
      rejected int NOT NULL DEFAULT 0,
      checksum text,
      xid xid8,
      committed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (sync_id, pass, line_from)
    );
    CREATE TABLE IF NOT EXISTS ${m.rowsOut} (
      sync_id text NOT NULL REFERENCES ${m.syncs} ON DELETE CASCADE,
      line bigint NOT NULL,
      pass int NOT NULL,
      reason text NOT NULL,
      sqlstate text,
      constraint_name text,
      column_name text,
      value text,
      message text,
      resolved_pass int,
      PRIMARY KEY (sync_id, line, pass)
    );`;
  if (!inTxn) await c.query('BEGIN');
  try {
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('sluice_meta'))`);
    await c.query(ddl);
    if (!inTxn) await c.query('COMMIT');
  } catch (e) {
    if (!inTxn) await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** A sync row as stored. */
export interface SyncRow {
  sync_id: string;
  job_key: string;
  dataset_id: string;
  fingerprint: string;
  target_schema: string;
  target_table: string;
  mode: SyncMode;
  key_columns: string[];
  plan: unknown;
  status: SyncStatus;
  created_table: boolean;
  added_columns: string[];
  load_table: string | null;
  old_table: string | null;
  undo_table: string | null;
  swapped: boolean;
  rows_total: string;
  started_at: Date;
  finished_at: Date | null;
  undo_purged_at: Date | null;
}

/** The sync row, or undefined (also when the bookkeeping tables do not exist). */
export async function readSync(c: PgClient, m: MetaTables, syncId: string): Promise<SyncRow | undefined> {
  const exists = await c.query(`SELECT to_regclass($1) AS t`, [m.syncs]);
  if (!exists.rows[0]?.t) return undefined;
  const r = await c.query<SyncRow>(`SELECT * FROM ${m.syncs} WHERE sync_id = $1`, [syncId]);
  return r.rows[0];
}

/** Sets a sync's status (and finished_at for terminal states). */
export async function setStatus(
  c: PgClient,
  m: MetaTables,
  syncId: string,
  status: SyncStatus,
  message?: string,
): Promise<void> {
  await c.query(
    `UPDATE ${m.syncs} SET status = $2, message = $3,
       finished_at = CASE WHEN $2 IN ('done', 'rolled_back', 'failed', 'abandoned') THEN now() ELSE finished_at END
     WHERE sync_id = $1`,
    [syncId, status, message ?? null],
  );
}

/** Session-level advisory lock key for one sync: only one process runs (or rolls back) a sync at a time. */
export function lockSql(fn: 'pg_try_advisory_lock' | 'pg_advisory_unlock'): string {
  return `SELECT ${fn}(hashtext('sluice_sync'), hashtext($1)) AS ok`;
}

/** Ledger totals of a sync. */
export interface LedgerTotals {
  batches: number;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  maxBatch: number;
  maxPass: number;
}

/** Sums the ledger of a sync. */
export async function ledgerTotals(c: PgClient, m: MetaTables, syncId: string): Promise<LedgerTotals> {
  const r = await c.query(
    `SELECT count(*) AS batches, COALESCE(sum(rows), 0) AS rows, COALESCE(sum(inserted), 0) AS inserted,
            COALESCE(sum(updated), 0) AS updated, COALESCE(sum(unchanged), 0) AS unchanged,
            COALESCE(sum(rejected), 0) AS rejected, COALESCE(max(batch_no), 0) AS max_batch,
            COALESCE(max(pass), 0) AS max_pass
       FROM ${m.ledger} WHERE sync_id = $1`,
    [syncId],
  );
  const x = r.rows[0] as Record<string, string>;
  return {
    batches: Number(x.batches),
    rows: Number(x.rows),
    inserted: Number(x.inserted),
    updated: Number(x.updated),
    unchanged: Number(x.unchanged),
    rejected: Number(x.rejected),
    maxBatch: Number(x.max_batch),
    maxPass: Number(x.max_pass),
  };
}

/** Committed line ranges of a pass, merged where adjacent. */
export async function committedRanges(
  c: PgClient,
  m: MetaTables,
  syncId: string,
  pass: number,
): Promise<[number, number][]> {
  const r = await c.query(
    `SELECT line_from, line_to FROM ${m.ledger} WHERE sync_id = $1 AND pass = $2 ORDER BY line_from`,
    [syncId, pass],
  );
  const out: [number, number][] = [];
  for (const row of r.rows as { line_from: string; line_to: string }[]) {
    const from = Number(row.line_from);
    const to = Number(row.line_to);
    const last = out[out.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** The uncommitted stretches of [1, ∞) given merged committed ranges. */
export function gapsOf(ranges: [number, number][]): [number, number][] {
  const gaps: [number, number][] = [];
  let next = 1;
  for (const [from, to] of ranges) {
    if (from > next) gaps.push([next, from - 1]);
    next = Math.max(next, to + 1);
  }
  gaps.push([next, Number.MAX_SAFE_INTEGER]);
  return gaps;
}
