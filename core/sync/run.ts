// syncDataset: the whole sync of one dataset into one table — prepare, open (or resume) the job, run the pass,
// swap (replace), finish, hand rejected rows back as findings. A dry run does the same work inside one
// transaction that is rolled back, so its counts are the real ones and the target is untouched.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withConnection } from '../adapters/duckdb.js';
import { closePg, connectPg, type PgClient } from '../adapters/postgres.js';
import { AppError, isCancellation } from '../contract/errors.js';
import type { SyncProgress, SyncResult } from '../contract/sync.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { newStats, type SyncContext } from './context.js';
import { AdaptiveSize, gapBatches, lineBatches, runPass } from './dispatch.js';
import { readRejects, writeSyncFindings } from './findings.js';
import { derivedName, qualify } from './identifiers.js';
import {
  committedRanges,
  ensureMeta,
  gapsOf,
  ledgerTotals,
  metaTables,
  setStatus,
  type MetaTables,
} from './meta.js';
import { resolveOptions, type ResolvedOptions, type SyncOptions } from './options.js';
import { assertNoProblems, prepare, type Prepared } from './prepare.js';
import { lockJob, openSync, syncTag, unlockJob, type OpenedSync } from './record.js';
import { rollbackLocked } from './rollback.js';
import { sendableAmong } from './source.js';
import { pgToAppError } from './sqlstate.js';
import { isStaged } from './statements.js';

function sessionInit(o: ResolvedOptions, worker: boolean): string[] {
  return [
    `SET TimeZone = ${quoteLiteral(o.timeZone)}`,
    `SET DateStyle = 'ISO, YMD'`,
    // Room for a batch in the temp staging table and for the merge's CTEs, instead of spilling to disk.
    `SET temp_buffers = '64MB'`,
    `SET work_mem = '64MB'`,
    // Batches may commit asynchronously: a batch and its ledger row are lost or kept together, so exactly-once
    // holds; the job's final status is committed synchronously, which flushes every earlier commit first.
    ...(worker ? ['SET synchronous_commit = off'] : []),
  ];
}

function budgetError(o: ResolvedOptions, sent: number, rejected: number): AppError | undefined {
  const b = o.errorBudget;
  if (!b) return undefined;
  const overRows = b.maxRows !== undefined && rejected > b.maxRows;
  const overRatio = b.maxRatio !== undefined && sent > 0 && rejected / sent > b.maxRatio;
  if (!overRows && !overRatio) return undefined;
  return new AppError(
    'ERROR_BUDGET_EXCEEDED',
    `${rejected} rows were rejected, over the error budget; the sync was rolled back.`,
    {
      rejected,
      hint: 'Fix the rejected rows (see the findings of rule sync) and sync again.',
    },
  );
}

/** Single-column constraints of the table loaded into (none when it does not exist yet: a dry run's create). */
async function constraintColumns(c: PgClient, table: string): Promise<Map<string, string>> {
  const r = await c.query(
    `SELECT c.conname, a.attname FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.conrelid = to_regclass($1) AND cardinality(c.conkey) = 1`,
    [table],
  );
  return new Map((r.rows as { conname: string; attname: string }[]).map((x) => [x.conname, x.attname]));
}

/** Runs the batches of this call: the first pass (or its rest), or a re-sync pass of fixed rows. */
async function load(
  p: Prepared,
  job: OpenedSync,
  m: MetaTables,
  control: PgClient,
  dry: boolean,
  tmp: string,
  t0: number,
) {
  const { o } = p;
  const totals = await ledgerTotals(control, m, job.syncId);
  const pass = o.resyncFixed ? totals.maxPass + 1 : 0;
  const size = new AdaptiveSize(o.sizing);
  const sent = p.rows - p.heldBack;
  const stats = newStats();
  let batchNo = totals.maxBatch;
  let lastProgress = 0;
  const done0 = pass === 0 ? totals.rows : 0;
  let total = sent;
  const ctx: SyncContext = {
    syncId: job.syncId,
    pass,
    mode: o.mode,
    meta: m,
    src: p.src,
    shape: job.shape,
    ...(isStaged(o.mode) ? { stage: `sluice_stage_${syncTag(job.syncId)}` } : {}),
    target: o.pg,
    retry: o.retryOpts,
    ...(o.signal ? { signal: o.signal } : {}),
    tmpDir: tmp,
    ...(dry ? { dry: { client: control } } : {}),
    sessionInit: sessionInit(o, true),
    fieldOf: new Map(p.plan.sent.map((s, i) => [s.column, p.src.columns[i]!.field.name])),
    constraintColumns: await constraintColumns(control, job.shape.into),
    stats,
    rejects: [],
    nextBatchNo: () => ++batchNo,
    onCommitted(b) {
      stats.rowsDone += b.rows;
      stats.inserted += b.inserted;
      stats.updated += b.updated;
      stats.unchanged += b.unchanged;
      stats.rejected += b.rejected;
      stats.batches++;
      const now = performance.now();
      if (!o.onProgress || (now - lastProgress < 200 && done0 + stats.rowsDone < total)) return;
      lastProgress = now;
      const rate = stats.rowsDone / Math.max(0.001, (now - t0) / 1000);
      const left = Math.max(0, total - done0 - stats.rowsDone);
      const progress: SyncProgress = {
        syncId: job.syncId,
        rowsDone: done0 + stats.rowsDone,
        rowsTotal: total,
        rowsPerSec: Math.round(rate),
        ...(rate > 0 ? { etaSec: Math.round(left / rate) } : {}),
        batchesDone: totals.batches + stats.batches,
        batchesRetried: stats.retries,
        rejected: totals.rejected + stats.rejected,
        batchSize: size.value,
      };
      o.onProgress(progress);
    },
  };
  let batches: AsyncGenerator<{ from: number; to: number; lines?: number[] }>;
  if (pass === 0) {
    const gaps = gapsOf(await committedRanges(control, m, job.syncId, 0));
    // Batch sizes are multiples of the granule; at most ~1M boundaries are kept in memory.
    batches = gapBatches(ctx, gaps, Math.max(o.sizing.min, Math.ceil(sent / 1_000_000)), size);
  } else {
    const out = await control.query(
      `SELECT line FROM ${m.rowsOut} WHERE sync_id = $1 AND resolved_pass IS NULL ORDER BY line`,
      [job.syncId],
    );
    const lines = await withConnection(o.duck, (c) =>
      sendableAmong(
        c,
        p.src,
        (out.rows as { line: string }[]).map((r) => Number(r.line)),
      ),
    );
    total = lines.length;
    batches = lineBatches(lines, size);
  }
  await runPass(ctx, batches, o.parallel, size, () => budgetError(o, sent, totals.rejected + stats.rejected));
  return { stats, rejects: ctx.rejects, pass };
}

/** Swaps a replace's loaded table in, keeping the old one for rollback; marks the sync done. */
async function finish(p: Prepared, job: OpenedSync, m: MetaTables, c: PgClient, dry: boolean): Promise<void> {
  if (!dry) await c.query('BEGIN');
  try {
    const row = job.row;
    if (p.o.mode === 'replace' && !row.swapped && row.load_table) {
      const oldName = p.info.exists ? derivedName(p.table, `sluice_old_${syncTag(job.syncId)}`) : null;
      if (oldName) await c.query(`ALTER TABLE ${p.q} RENAME TO ${quoteIdent(oldName)}`);
      await c.query(`ALTER TABLE ${qualify(p.o.dbSchema, row.load_table)} RENAME TO ${quoteIdent(p.table)}`);
      await c.query(`UPDATE ${m.syncs} SET swapped = true, old_table = $2 WHERE sync_id = $1`, [
        job.syncId,
        oldName,
      ]);
    }
    await setStatus(c, m, job.syncId, 'done');
    if (!dry) await c.query('COMMIT');
  } catch (e) {
    if (!dry) await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function result(
  p: Prepared,
  job: OpenedSync,
  m: MetaTables,
  c: PgClient,
  dry: boolean,
  t0: number,
  retries: number,
): Promise<SyncResult> {
  const t = await ledgerTotals(c, m, job.syncId);
  const out = await c.query(
    `SELECT count(*) FILTER (WHERE reason = 'rejected') AS rejected, count(*) FILTER (WHERE reason = 'held_back') AS held
       FROM ${m.rowsOut} WHERE sync_id = $1 AND resolved_pass IS NULL`,
    [job.syncId],
  );
  const o = out.rows[0] as { rejected: string; held: string };
  const durationMs = Math.round(performance.now() - t0);
  return {
    syncId: job.syncId,
    status: dry ? 'dry-run' : 'done',
    mode: p.o.mode,
    table: p.table,
    rows: p.rows,
    inserted: t.inserted,
    updated: t.updated,
    unchanged: t.unchanged,
    rejected: Number(o.rejected),
    heldBack: Number(o.held),
    batches: t.batches,
    retries,
    durationMs,
    rowsPerSec: Math.round(t.rows / Math.max(0.001, durationMs / 1000)),
    schemaChanges: job.resumed || job.alreadyDone ? [] : p.plan.schemaChanges,
    rejects: await readRejects(c, m, job.syncId, 100),
    alreadyDone: job.alreadyDone,
    resumed: job.resumed,
  };
}

async function handBack(p: Prepared, m: MetaTables, c: PgClient, syncId: string): Promise<void> {
  await writeSyncFindings(p.o.duck, p.o.datasetId, await readRejects(c, m, syncId));
}

/** Syncs a dataset into a PostgreSQL table exactly once; see SyncOptions. */
export async function syncDataset(options: SyncOptions): Promise<SyncResult> {
  const o = resolveOptions(options);
  const t0 = performance.now();
  const m = metaTables(o.metaSchema);
  const dry = o.dryRun === true;
  let control: PgClient | undefined;
  let tmp: string | undefined;
  let locked: string | undefined;
  let job: OpenedSync | undefined;
  let p: Prepared | undefined;
  try {
    control = await connectPg(o.pg, { applicationName: 'sluice-sync', init: sessionInit(o, false) });
    if (dry) await control.query('BEGIN');
    p = await prepare(o, control, !o.resyncFixed);
    assertNoProblems(p);
    await ensureMeta(control, m, dry);
    if (!dry) {
      await lockJob(control, p.jobKey, p.table);
      locked = p.jobKey;
    }
    job = await openSync(control, m, p, dry);
    if (!job.alreadyDone) {
      tmp = await mkdtemp(join(o.tmpDir ?? tmpdir(), 'sluice-sync-'));
      const run = await load(p, job, m, control, dry, tmp, t0);
      await finish(p, job, m, control, dry);
      const res = await result(p, job, m, control, dry, t0, run.stats.retries);
      if (!dry) await handBack(p, m, control, job.syncId);
      return res;
    }
    return await result(p, job, m, control, dry, t0, 0);
  } catch (e) {
    const err = pgToAppError(e, o.pg.password);
    if (job && p && control && !dry) await settle(err, p, job, m, control);
    if (job) err.details.syncId ??= job.syncId;
    throw err;
  } finally {
    if (control && dry) await control.query('ROLLBACK').catch(() => undefined);
    if (control && locked) await unlockJob(control, locked).catch(() => undefined);
    await closePg(control);
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}

/** After a failure: roll back on a blown error budget, else record where the sync stands (resumable). */
async function settle(
  err: AppError,
  p: Prepared,
  job: OpenedSync,
  m: MetaTables,
  c: PgClient,
): Promise<void> {
  try {
    if (err.code === 'ERROR_BUDGET_EXCEEDED') {
      await handBack(p, m, c, job.syncId);
      const row = (await c.query(`SELECT * FROM ${m.syncs} WHERE sync_id = $1`, [job.syncId])).rows[0];
      await rollbackLocked(c, m, row);
      return;
    }
    const status = isCancellation(err) || err.kind.transient ? 'paused' : 'failed';
    await setStatus(c, m, job.syncId, status, err.message);
    await handBack(p, m, c, job.syncId);
    err.details.hint ??= `Resume with the same command (or sync id ${job.syncId}); roll back with sluice sync rollback ${job.syncId}.`;
  } catch {
    // The database may be unreachable: the sync stays 'running' in its records, which resumes the same way.
  }
}
