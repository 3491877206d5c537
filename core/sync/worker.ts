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
import { LINE_COLUMN } from '../workspace/tables.js';
import { backoffMs, sleep } from './backoff.js';
import type { BatchOutcome, SyncContext } from './context.js';
import { batchLines, exportBatch, rowsOf, type LineSet } from './source.js';
import { copyColumnOf, copyLineOf, isConnectionLoss, pgToAppError } from './sqlstate.js';
import { copySql, isStaged, ledgerInsertSql, mergeSql, stageDdl } from './statements.js';

/** A batch ready to load: its lines, and possibly its rows already exported to a file. */
export interface PreparedBatch {
  set: LineSet;
  file?: string;
  rows?: number;
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
    await this.retrying(batch.set, async () => {
      try {
        this.ctx.onCommitted(await this.attempt(batch));
      } catch (e) {
        const err = pgToAppError(e, this.ctx.target.password);
        if (err.code !== 'DB_DATA' || isConnectionLoss(e)) throw err;
        dataError = err;
      } finally {
        if (batch.file) await rm(batch.file, { force: true });
        batch = { set: batch.set };
      }
    });
    if (dataError) {
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
    if (!file || rows === undefined) {
      file = this.tmpFile();
      batch.file = file;
      rows = await exportBatch(this.duckConn(), ctx.src, batch.set, file, staged);
    }
    const batchNo = ctx.nextBatchNo();
    const started = performance.now();
    const counts = await this.txn(async (c) => {
      let inserted = 0;
      let updated = 0;
      let checksum: string | null = null;
      if (rows > 0) {
        const hash = createHash('sha1');
        const data = createReadStream(file);
        data.on('data', (chunk) => hash.update(chunk));
        if (staged && ctx.stage) {
          await copyFromStream(c, copySql(ctx.shape, ctx.stage), data);
          const r = await c.query(mergeSql(ctx.mode as 'upsert' | 'insert-new', ctx.stage, ctx.shape), [
            batchNo,
          ]);
          inserted = Number(r.rows[0]?.inserted ?? 0);
          updated = Number(r.rows[0]?.updated ?? 0);
        } else {
          inserted = await copyFromStream(c, copySql(ctx.shape), data);
        }
        checksum = hash.digest('hex');
      }
      if (batch.set.lines) await this.resolve(c, batch.set.lines);
      const unchanged = rows - inserted - updated;
      await c.query(ledgerInsertSql(ctx.meta.ledger), [
        ctx.syncId,
        ctx.pass,
        batch.set.from,
        batch.set.to,
        batchNo,
        rows,
        inserted,
        updated,
        unchanged,
        0,
        checksum,
      ]);
      return { rows, inserted, updated, unchanged, rejected: 0 };
    });
    return { ...counts, seconds: (performance.now() - started) / 1000 };
  }

  /** Re-sync passes: the lines loaded now are no longer out. */
  private async resolve(c: PgClient, lines: number[]): Promise<void> {
    await c.query(
      `UPDATE ${this.ctx.meta.rowsOut} SET resolved_pass = $2 WHERE sync_id = $1 AND resolved_pass IS NULL AND line = ANY($3::bigint[])`,
      [this.ctx.syncId, this.ctx.pass, lines],
    );
  }

  private async isolate(set: LineSet, err: AppError): Promise<void> {
    const lines = set.lines ?? (await batchLines(this.duckConn(), this.ctx.src, set));
    if (lines.length === 0) throw err;
    if (lines.length === 1) return this.retrying(set, () => this.reject(set, lines[0]!, err));
    // COPY names the failing record: load what precedes it, try it alone, then the rest. Otherwise halve.
    const k = copyLineOf(err);
    const mid = Math.ceil(lines.length / 2);
    const groups =
      k !== undefined && k >= 1 && k <= lines.length
        ? [lines.slice(0, k - 1), [lines[k - 1]!], lines.slice(k)]
        : [lines.slice(0, mid), lines.slice(mid)];
    for (const part of splitSet(set, groups)) await this.load({ set: part });
  }

  private async reject(set: LineSet, line: number, err: AppError): Promise<void> {
    const { ctx } = this;
    const column = typeof err.details.column === 'string' ? err.details.column : copyColumnOf(err);
    const field = column !== undefined ? ctx.fieldOf.get(column) : undefined;
    const source = ctx.src.columns.find((c) => c.field.name === field)?.source;
    const value = source !== undefined ? await this.rawValue(source, line) : undefined;
    const reject: SyncReject = {
      line,
      sqlstate: String(err.details.sqlstate ?? ''),
      message:
        typeof err.details.detail === 'string' ? `${err.message} (${err.details.detail})` : err.message,
      ...(field !== undefined ? { column: field } : {}),
      ...(value !== undefined ? { value } : {}),
      ...(typeof err.details.constraint === 'string' ? { constraint: err.details.constraint } : {}),
    };
    const batchNo = ctx.nextBatchNo();
    const started = performance.now();
    await this.txn(async (c) => {
      if (ctx.pass > 0) await this.resolve(c, [line]); // superseded by this pass's record
      await c.query(
        `INSERT INTO ${ctx.meta.rowsOut} (sync_id, line, pass, reason, sqlstate, constraint_name, column_name, value, message)
         VALUES ($1, $2, $3, 'rejected', $4, $5, $6, $7, $8)`,
        [
          ctx.syncId,
          line,
          ctx.pass,
          reject.sqlstate,
          reject.constraint ?? null,
          field ?? null,
          value ?? null,
          reject.message,
        ],
      );
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
    if (ctx.rejects.length < 100) ctx.rejects.push(reject);
    ctx.onCommitted({
      rows: 1,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 1,
      seconds: (performance.now() - started) / 1000,
    });
  }

  private async rawValue(source: string, line: number): Promise<string | null> {
    const [r] = await rowsOf(
      this.duckConn(),
      `SELECT CAST(${quoteIdent(source)} AS VARCHAR) AS v FROM ${this.ctx.src.table} WHERE ${quoteIdent(LINE_COLUMN)} = ${line}`,
    );
    return r?.v === null || r?.v === undefined ? null : String(r.v);
  }
}
