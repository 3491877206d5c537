// Opening a sync job: a new one (target DDL, undo table, the sync row and its held-back lines in one
// transaction), or the earlier one for the same dataset, table and mode — resumed when interrupted, reported as
// already done when the same data was synced, refused when that would duplicate rows.

import { createHash, randomBytes } from 'node:crypto';
import { withConnection } from '../adapters/duckdb.js';
import type { PgClient } from '../adapters/postgres.js';
import { AppError } from '../contract/errors.js';
import { quoteIdent } from '../sql/quote.js';
import { derivedName, qualify } from './identifiers.js';
import type { MetaTables, SyncRow } from './meta.js';
import { createTableSql } from './plan.js';
import type { Prepared } from './prepare.js';
import { heldBackLines } from './source.js';
import { isStaged, undoDdl, type LoadShape } from './statements.js';

/** An opened sync job. */
export interface OpenedSync {
  syncId: string;
  row: SyncRow;
  resumed: boolean;
  alreadyDone: boolean;
  shape: LoadShape;
}

/** A new, readable, unique sync id. */
export function newSyncId(): string {
  const t = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `sync-${t}-${randomBytes(3).toString('hex')}`;
}

/** Short stable tag derived from a sync id, for names of its tables. */
export function syncTag(syncId: string): string {
  return createHash('sha1').update(syncId).digest('hex').slice(0, 10);
}

/** Advisory lock on a job (dataset × table × mode): one process at a time syncs or rolls it back. */
export async function lockJob(c: PgClient, jobKey: string, table: string): Promise<void> {
  const r = await c.query(`SELECT pg_try_advisory_lock(hashtext('sluice_job'), hashtext($1)) AS ok`, [
    jobKey,
  ]);
  if (!r.rows[0]?.ok) {
    throw new AppError('CONFLICT', `Another Sluice process is syncing into ${table} right now.`, {
      hint: 'Wait for it to finish, then run again.',
    });
  }
}

/** Releases the job lock taken by lockJob. */
export async function unlockJob(c: PgClient, jobKey: string): Promise<void> {
  await c.query(`SELECT pg_advisory_unlock(hashtext('sluice_job'), hashtext($1))`, [jobKey]);
}

function shapeOf(p: Prepared, into: string, undo: string | null): LoadShape {
  return {
    into,
    columns: p.plan.sent.map((s) => s.column),
    types: p.plan.sent.map((s) => s.type),
    key: p.plan.key,
    ...(undo ? { undo } : {}),
  };
}

/** Where batches go for a recorded sync: a replace loads its own table until the swap. */
export function shapeFor(p: Prepared, row: SyncRow): LoadShape {
  const into =
    row.mode === 'replace' && !row.swapped && row.load_table
      ? qualify(row.target_schema, row.load_table)
      : p.q;
  return shapeOf(p, into, row.undo_table);
}

async function latest(c: PgClient, m: MetaTables, jobKey: string): Promise<SyncRow | undefined> {
  const r = await c.query<SyncRow>(
    `SELECT * FROM ${m.syncs} WHERE job_key = $1 AND status NOT IN ('rolled_back', 'abandoned') ORDER BY started_at DESC LIMIT 1`,
    [jobKey],
  );
  return r.rows[0];
}

function sentColumns(row: SyncRow): string {
  return JSON.stringify((row.plan as { sent?: { column: string }[] }).sent?.map((s) => s.column) ?? []);
}

function existing(p: Prepared, row: SyncRow, alreadyDone: boolean): OpenedSync {
  if (sentColumns(row) !== JSON.stringify(p.plan.sent.map((s) => s.column))) {
    throw new AppError(
      'CONFLICT',
      `The columns of ${p.table} or of the schema changed since sync ${row.sync_id} started.`,
      {
        hint: `Roll it back (sluice sync rollback ${row.sync_id}) and sync again.`,
      },
    );
  }
  return { syncId: row.sync_id, row, resumed: !alreadyDone, alreadyDone, shape: shapeFor(p, row) };
}

/** Finds or creates the sync job for this run (the job lock must be held). */
export async function openSync(c: PgClient, m: MetaTables, p: Prepared, dry = false): Promise<OpenedSync> {
  const { o } = p;
  if (o.syncId) {
    const r = await c.query<SyncRow>(`SELECT * FROM ${m.syncs} WHERE sync_id = $1`, [o.syncId]);
    const row = r.rows[0];
    if (!row) throw new AppError('NOT_FOUND', `No sync ${o.syncId} in this database.`);
    if (row.job_key !== p.jobKey)
      throw new AppError('CONFLICT', `Sync ${o.syncId} is of another dataset, table or mode.`);
    if (row.status === 'rolled_back' || row.status === 'abandoned') {
      throw new AppError(
        'CONFLICT',
        `Sync ${o.syncId} was ${row.status.replace('_', ' ')}; start a new one.`,
      );
    }
    if (o.resyncFixed) {
      if (row.status !== 'done')
        throw new AppError('CONFLICT', `Sync ${o.syncId} is not finished; resume it first.`);
      return existing(p, row, false);
    }
    if (row.status !== 'done' && row.fingerprint !== p.fingerprint) {
      throw new AppError(
        'SOURCE_CHANGED',
        `The dataset changed since sync ${o.syncId} started; resuming would mix two versions.`,
        {
          hint: `Roll it back (sluice sync rollback ${o.syncId}) and sync again.`,
        },
      );
    }
    return existing(p, row, row.status === 'done');
  }
  const prior = await latest(c, m, p.jobKey);
  if (prior && prior.status !== 'done') {
    if (prior.fingerprint === p.fingerprint) return existing(p, prior, false);
    throw new AppError(
      'CONFLICT',
      `Sync ${prior.sync_id} of this dataset into ${p.table} was interrupted, and the data has changed since.`,
      {
        hint: `Roll it back (sluice sync rollback ${prior.sync_id}), then sync again.`,
      },
    );
  }
  if (prior && !o.fresh) {
    if (prior.fingerprint === p.fingerprint) return existing(p, prior, true);
    if (o.mode === 'append') {
      throw new AppError(
        'CONFLICT',
        `This dataset was already appended to ${p.table} by sync ${prior.sync_id}; appending it again would duplicate rows.`,
        {
          hint: `Re-sync only the fixed rows (--resync ${prior.sync_id}), or append everything again with --fresh.`,
        },
      );
    }
  }
  return create(c, m, p, dry);
}

async function create(c: PgClient, m: MetaTables, p: Prepared, dry: boolean): Promise<OpenedSync> {
  const { o, plan, info } = p;
  const syncId = newSyncId();
  const tag = syncTag(syncId);
  let loadTable: string | null = null;
  let undo: string | null = null;
  const ddl: string[] = [];
  if (o.mode === 'replace') {
    loadTable = derivedName(p.table, `sluice_new_${tag}`);
    const lq = qualify(o.dbSchema, loadTable);
    if (info.exists) {
      ddl.push(`CREATE TABLE ${lq} (LIKE ${p.q} INCLUDING ALL)`);
      for (const a of plan.add) ddl.push(`ALTER TABLE ${lq} ADD COLUMN ${quoteIdent(a.column)} ${a.type}`);
    } else {
      ddl.push(createTableSql(lq, plan.sent, plan.key));
    }
  } else {
    ddl.push(...plan.schemaChanges);
    if (isStaged(o.mode)) undo = qualify(m.schema, `sluice_undo_${tag}`);
  }
  // A dry run is one outer transaction: nest with a savepoint instead.
  const [begin, commit, rollback] = dry
    ? ['SAVEPOINT sluice_open', 'RELEASE SAVEPOINT sluice_open', 'ROLLBACK TO SAVEPOINT sluice_open']
    : ['BEGIN', 'COMMIT', 'ROLLBACK'];
  await c.query(begin);
  try {
    for (const sql of ddl) await c.query(sql);
    if (o.mode === 'replace' && info.exists && loadTable)
      await copyExtras(c, p.q, qualify(o.dbSchema, loadTable));
    if (undo) for (const sql of undoDdl(undo, shapeOf(p, p.q, null))) await c.query(sql);
    const r = await c.query<SyncRow>(
      `INSERT INTO ${m.syncs} (sync_id, job_key, dataset_id, fingerprint, target_schema, target_table, mode, key_columns, plan,
          status, created_table, added_columns, load_table, undo_table, rows_total)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'running', $10, $11, $12, $13, $14) RETURNING *`,
      [
        syncId,
        p.jobKey,
        o.datasetId,
        p.fingerprint,
        o.dbSchema,
        p.table,
        o.mode,
        plan.key,
        JSON.stringify(plan),
        !info.exists,
        plan.add.map((a) => a.column),
        loadTable,
        undo,
        p.rows,
      ],
    );
    const held = await withConnection(o.duck, (dc) => heldBackLines(dc, p.src));
    for (let i = 0; i < held.length; i += 50_000) {
      await c.query(
        `INSERT INTO ${m.rowsOut} (sync_id, line, pass, reason) SELECT $1, unnest($2::bigint[]), 0, 'held_back'`,
        [syncId, held.slice(i, i + 50_000)],
      );
    }
    await c.query(commit);
    const row = r.rows[0]!;
    return { syncId, row, resumed: false, alreadyDone: false, shape: shapeFor(p, row) };
  } catch (e) {
    await c.query(rollback).catch(() => undefined);
    throw e;
  }
}

/** A replace's new table gets what LIKE … INCLUDING ALL leaves out: foreign keys and grants. */
async function copyExtras(c: PgClient, from: string, to: string): Promise<void> {
  const r = await c.query(
    `SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', $2::text, conname, pg_get_constraintdef(oid)) AS sql
       FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'
     UNION ALL
     SELECT format('GRANT %s ON %s TO %s', a.privilege_type, $2::text,
                   CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END)
       FROM pg_class t CROSS JOIN LATERAL aclexplode(t.relacl) a WHERE t.oid = $1::regclass AND a.grantee <> t.relowner`,
    [from, to],
  );
  for (const row of r.rows as { sql: string }[]) await c.query(row.sql);
}
