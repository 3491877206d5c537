// One database connection loading batches: COPY (into staging or the target), merge, ledger row — one
// transaction per batch. Transient errors retry the batch with backoff on a fresh connection (after checking
// the ledger, since a connection lost during COMMIT leaves it unknown whether the batch landed). Data errors
// split the batch until the offending rows stand alone; each is then recorded as rejected, the rest load.

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDBConnection } from '../adapters/duckdb.js';
import { closePg, connectPg, copyFromStream, type PgClient } from '../adapters/postgres.js';
import { AppError, isTransient } from '../contract/errors.js';
import type { SyncReject } from '../contract/sync.js';
import { quoteIdent } from '../sql/quote.js';
import { backoffMs, sleep } from './backoff.js';
import type { BatchOutcome, SyncContext } from './context.js';
import { batchLineMap, exportBatch, recordAtCopyLine, type LineSet } from './source.js';
import { describeReject, keepRejects, recordRejects } from './rejects.js';
import { copyLineOf, isConnectionLoss, pgToAppError } from './sqlstate.js';
import { copySql, isStaged, ledgerInsertSql, mergeSql, STAGE_LINE, stageDdl } from './statements.js';

/** A batch ready to load: its lines, and possibly its rows already exported to a file. */
export interface PreparedBatch {
  set: LineSet;
  file?: string;
  rows?: number;
  /** The last line of `set`, already known to be rejected: recorded in the batch's transaction, not sent. */
  rejectLast?: SyncReject;
  /** False when `file` holds the rows in no particular order (a failed COPY's record number then says nothing). */
  ordered?: boolean;
}

/** Splits `set` into consecutive parts holding `groups` of lines; ranges keep tiling [from, to] exactly. */
export function splitSet(set: LineSet, groups: number[][]): LineSet[] {
  const parts = groups.filter((g) => g.length > 0);
  let next = set.from;
  return parts.map((g, i) => {
    const last = i === parts.length - 1;
    const part: LineSet = set.lines
      ? { from: g[0]!, to: g[g.length - 1]!, lines: g }
      : { from: next, to: last ? set.to : g[g.length - 1]! };
    next = part.to + 1;
    return part;
  });
}

/** A worker: one PostgreSQL session (with its staging table) and one DuckDB connection. */
export class SyncWorker {
  private client?: PgClient;
  private duck?: DuckDBConnection;
  private files = 0;

  constructor(
    private readonly ctx: SyncContext,
    private readonly id: number,
  ) {}

  /** Connects both sides. */
  async open(): Promise<void> {
    this.duck = await this.ctx.src.duck.connect();
    await this.connect();
  }

  /** Closes both sides. */
  async close(): Promise<void> {
    if (!this.ctx.dry) await closePg(this.client);
    this.client = undefined;
    this.duck?.closeSync();
    this.duck = undefined;
  }

  private async connect(): Promise<void> {
    const { ctx } = this;
    if (ctx.dry) {
      this.client = ctx.dry.client;
    } else {
      await closePg(this.client);
      this.client = undefined;
      this.client = await connectPg(ctx.target, {
        applicationName: `sluice-sync:${ctx.syncId.slice(0, 20)}:w${this.id}`,
        init: ctx.sessionInit,
      });
    }
    if (ctx.stage) await this.client.query(stageDdl(ctx.stage, ctx.shape));
  }

  private pg(): PgClient {
    if (!this.client) throw new AppError('DB_UNREACHABLE', 'The database connection is closed.');
    return this.client;
  }

  private duckConn(): DuckDBConnection {
    if (!this.duck) throw new AppError('INTERNAL', 'Worker used before open().');
    return this.duck;
  }

  /** A fresh temp file path for this worker. */
  tmpFile(): string {
    return join(this.ctx.tmpDir, `w${this.id}-${++this.files}-${randomBytes(3).toString('hex')}.csv`);
  }

  /** Loads a batch exactly once: retries transient errors, isolates rows the database rejects. */
  async load(batch: PreparedBatch): Promise<void> {
    let dataError: AppError | undefined;
    let errorOrdered = true;
    await this.retrying(batch.set, async () => {
      try {
        this.ctx.onCommitted(await this.attempt(batch));
      } catch (e) {
        const err = pgToAppError(e, this.ctx.target.password);
        if (err.code !== 'DB_DATA' || isConnectionLoss(e)) throw err;
        dataError = err;
        errorOrdered = batch.ordered !== false;
      } finally {
        if (batch.file) await rm(batch.file, { force: true });
        batch = { set: batch.set, ...(batch.rejectLast ? { rejectLast: batch.rejectLast } : {}) };
      }
    });
    if (dataError && !errorOrdered) {
      // The failed file was unordered: load the batch again from an ordered export, whose error can be mapped.
      await this.load({ set: batch.set, ...(batch.rejectLast ? { rejectLast: batch.rejectLast } : {}) });
    } else if (dataError) {
      this.ctx.stats.split++;
      await this.isolate(batch.set, dataError);
    }
  }

  /** Runs `fn` (one transaction) until it succeeds, retrying transient errors on a fresh connection. */
  private async retrying(set: LineSet, fn: () => Promise<void>): Promise<void> {
    const { ctx } = this;
    for (let attempt = 0; ; attempt++) {
      try {
        if (attempt > 0 && (await this.committed(set))) return;
        await fn();
        return;
      } catch (e) {
        const err = pgToAppError(e, ctx.target.password);
        if (!isTransient(err) || ctx.dry || attempt >= ctx.retry.maxRetries) throw err;
        ctx.stats.retries++;
        await sleep(backoffMs(attempt + 1, ctx.retry), ctx.signal);
        await this.connect().catch(() => undefined); // a failed reconnect fails the next attempt, which retries
      }
    }
  }

  private async committed(set: LineSet): Promise<boolean> {
    const { ctx } = this;
    const r = await this.pg().query(
      `SELECT 1 FROM ${ctx.meta.ledger} WHERE sync_id = $1 AND pass = $2 AND line_from = $3`,
      [ctx.syncId, ctx.pass, set.from],
    );
    return (r.rowCount ?? 0) > 0;
  }

  private async txn<T>(fn: (c: PgClient) => Promise<T>): Promise<T> {
    const c = this.pg();
    const [begin, commit, rollback] = this.ctx.dry
      ? ['SAVEPOINT sluice_batch', 'RELEASE SAVEPOINT sluice_batch', 'ROLLBACK TO SAVEPOINT sluice_batch']
      : ['BEGIN', 'COMMIT', 'ROLLBACK'];
    await c.query(begin);
    try {
      const v = await fn(c);
      await c.query(commit);
      return v;
    } catch (e) {
      await c.query(rollback).catch(() => undefined);
      throw e;
    }
  }

  private async attempt(batch: PreparedBatch): Promise<BatchOutcome> {
    const { ctx } = this;
    const staged = isStaged(ctx.mode);
    let { file, rows } = batch;
    const last = batch.rejectLast;
    if (!file || rows === undefined) {
      file = this.tmpFile();
      batch.file = file;
      const lines = batch.set.lines?.filter((l) => l !== last?.line);
      const exported: LineSet = last
        ? { from: batch.set.from, to: last.line - 1, ...(lines ? { lines } : {}) }
        : batch.set;
      rows =
        exported.from <= exported.to
          ? await exportBatch(this.duckConn(), ctx.src, exported, file, staged)
          : 0;
    }
    const batchNo = ctx.nextBatchNo();
    const started = performance.now();
    const counts = await this.txn(async (c) => {
      let merged = { inserted: 0, updated: 0, rejects: [] as SyncReject[] };
      let checksum: string | null = null;
      if (rows > 0) {
        const hash = createHash('sha1');
        const data = createReadStream(file);
        data.on('data', (chunk) => hash.update(chunk));
        if (staged && ctx.stage) {
          await copyFromStream(c, copySql(ctx.shape, ctx.stage), data);
          const lines = batch.set.lines ?? [batch.set.from, batch.set.to];
          merged = await this.merge(c, batchNo, lines, batch.set.lines !== undefined);
        } else {
          merged.inserted = await copyFromStream(c, copySql(ctx.shape), data);
        }
        checksum = hash.digest('hex');
      }
      if (batch.set.lines) await this.resolve(c, batch.set.lines);
      if (last) merged.rejects.push(last);
      await recordRejects(c, ctx, merged.rejects);
      const rejected = merged.rejects.length;
      const sent = rows + (last ? 1 : 0);
      const unchanged = sent - merged.inserted - merged.updated - rejected;
      await c.query(ledgerInsertSql(ctx.meta.ledger), [
        ctx.syncId,
        ctx.pass,
        batch.set.from,
        batch.set.to,
        batchNo,
        sent,
        merged.inserted,
        merged.updated,
        unchanged,
        rejected,
        checksum,
      ]);
      return {
        rows,
        inserted: merged.inserted,
        updated: merged.updated,
        unchanged,
        rejected,
        rejects: merged.rejects,
      };
    });
    keepRejects(ctx, counts.rejects);
    return { ...counts, seconds: (performance.now() - started) / 1000 };
  }

  /**
   * Merges staged lines under a savepoint. When the merge fails on data (a constraint the staging table does not
   * have), the failing rows are isolated by halving inside the same transaction: the staged rows stay, nothing is
   * exported or copied again, and the batch still commits once with its ledger row.
   * `lines` is the exact list, or (exact = false) just [first, last] until a split needs the real lines.
   */
  private async merge(
    c: PgClient,
    batchNo: number,
    lines: number[],
    exact: boolean,
  ): Promise<{ inserted: number; updated: number; rejects: SyncReject[] }> {
    const { ctx } = this;
    const sql = mergeSql(ctx.mode as 'upsert' | 'insert-new', ctx.stage!, ctx.shape);
    await c.query('SAVEPOINT sluice_merge');
    try {
      const r = await c.query(sql, [batchNo, lines[0], lines[lines.length - 1]]);
      await c.query('RELEASE SAVEPOINT sluice_merge');
      return {
        inserted: Number(r.rows[0]?.inserted ?? 0),
        updated: Number(r.rows[0]?.updated ?? 0),
        rejects: [],
      };
    } catch (e) {
      await c.query('ROLLBACK TO SAVEPOINT sluice_merge').catch(() => undefined);
      const err = pgToAppError(e, ctx.target.password);
      if (err.code !== 'DB_DATA' || isConnectionLoss(e)) throw err;
      if (!exact) {
        const staged = await c.query(
          `SELECT ${quoteIdent(STAGE_LINE)} AS l FROM ${quoteIdent(ctx.stage!)} ORDER BY 1`,
        );
        return this.merge(
          c,
          batchNo,
          (staged.rows as { l: string }[]).map((r) => Number(r.l)),
          true,
        );
      }
      if (lines.length === 1)
        return {
          inserted: 0,
          updated: 0,
          rejects: [await describeReject(ctx, this.duckConn(), err, lines[0]!)],
        };
      ctx.stats.split++;
      const mid = Math.ceil(lines.length / 2);
      const a = await this.merge(c, batchNo, lines.slice(0, mid), true);
      const b = await this.merge(c, batchNo, lines.slice(mid), true);
      return {
        inserted: a.inserted + b.inserted,
        updated: a.updated + b.updated,
        rejects: [...a.rejects, ...b.rejects],
      };
    }
  }

  /** Re-sync passes: the lines loaded now are no longer out. */
  private async resolve(c: PgClient, lines: number[]): Promise<void> {
    await c.query(
      `UPDATE ${this.ctx.meta.rowsOut} SET resolved_pass = $2 WHERE sync_id = $1 AND resolved_pass IS NULL AND line = ANY($3::bigint[])`,
      [this.ctx.syncId, this.ctx.pass, lines],
    );
  }

  /**
   * A batch failed as a whole (a COPY error: a bad value, or a constraint of the target in direct COPY). COPY
   * names the failing record: what precedes it loads in one transaction that also records it as rejected; the
   * rest is loaded again. Without a record number, the batch is halved.
   */
  private async isolate(set: LineSet, err: AppError): Promise<void> {
    const map = await batchLineMap(this.duckConn(), this.ctx.src, set);
    const { lines } = map;
    if (lines.length === 0) throw err;
    if (lines.length === 1) return this.retrying(set, () => this.reject(set, lines[0]!, err));
    const copyLine = copyLineOf(err);
    const k = copyLine !== undefined ? recordAtCopyLine(copyLine, map.feeds) : undefined;
    if (k === undefined) {
      const mid = Math.ceil(lines.length / 2);
      for (const part of splitSet(set, [lines.slice(0, mid), lines.slice(mid)]))
        await this.load({ set: part });
      return;
    }
    const [upTo, rest] = splitSet(set, [lines.slice(0, k), lines.slice(k)]);
    const reject = await describeReject(this.ctx, this.duckConn(), err, lines[k - 1]!);
    await this.load({ set: upTo!, rejectLast: reject });
    if (rest) await this.load({ set: rest });
  }

  /** Records one line as rejected, with a ledger row covering it (so it is never retried by a resume). */
  private async reject(set: LineSet, line: number, err: AppError): Promise<void> {
    const { ctx } = this;
    const reject = await describeReject(ctx, this.duckConn(), err, line);
    const batchNo = ctx.nextBatchNo();
    const started = performance.now();
    await this.txn(async (c) => {
      await recordRejects(c, ctx, [reject]);
      await c.query(ledgerInsertSql(ctx.meta.ledger), [
        ctx.syncId,
        ctx.pass,
        set.from,
        set.to,
        batchNo,
        1,
        0,
        0,
        0,
        1,
        null,
      ]);
    });
    keepRejects(ctx, [reject]);
    ctx.onCommitted({
      rows: 1,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      seconds: (performance.now() - started) / 1000,
    });
  }
}
