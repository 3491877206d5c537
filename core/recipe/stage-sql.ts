// Running one compiled operation: CREATE TABLE <stage> AS <select> in a transaction together with its record,
// so a stage either exists with its record or not at all (a crash or a cancel leaves nothing half made).

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { AppError, toAppError } from '../contract/errors.js';
import { quoteIdent } from '../sql/quote.js';
import { CHANGED_FLAG, type CompileContext, type CompiledOp } from './compile-types.js';
import { CAST_FAILED } from './ops/cast.js';
import { firstLine } from './sql-expr.js';
import { putStage, type StageRecord } from './stage-store.js';
import { invalidStep } from './step-errors.js';

/** Counts of a materialised stage. */
export interface StageCounts {
  rowsOut: number;
  rowsChanged: number;
}

/** Polls DuckDB's query progress while `work` runs (for progress bars), and interrupts it on abort. */
export async function watchQuery<T>(
  conn: DuckDBConnection,
  work: Promise<T>,
  signal: AbortSignal | undefined,
  onFraction?: (f: number) => void,
): Promise<T> {
  const abort = () => conn.interrupt();
  // An abort that came before the listener would otherwise be missed and the query run to its end.
  if (signal?.aborted) abort();
  signal?.addEventListener('abort', abort, { once: true });
  const timer = onFraction
    ? setInterval(() => {
        const p = conn.progress.percentage;
        if (p >= 0) onFraction(Math.min(1, p / 100));
      }, 200)
    : undefined;
  try {
    return await work;
  } finally {
    if (timer) clearInterval(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/** Maps a DuckDB error raised while a step ran to the error the user should see. */
export function stepError(ctx: Pick<CompileContext, 'step'>, e: unknown, signal?: AbortSignal): AppError {
  if (e instanceof AppError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (signal?.aborted || /interrupt/i.test(msg))
    return new AppError('CANCELLED', 'Cancelled by the user.', {});
  const cast = msg.indexOf(CAST_FAILED);
  if (cast >= 0) {
    const [, column, ...value] = (msg.slice(cast).split('\n')[0] ?? '').split(':');
    return invalidStep(
      ctx,
      `cannot cast '${value.join(':')}' in column '${column ?? ''}'.`,
      "Fix the value first, or set onError to 'null'.",
    );
  }
  if (/^(Binder|Parser|Conversion|Invalid Input|Out of Range|Catalog) Error/.test(msg))
    return invalidStep(ctx, firstLine(e));
  const wrapped = toAppError(e);
  Object.assign(wrapped.details, { step: ctx.step.index, stepId: ctx.step.id, op: ctx.step.op });
  return wrapped;
}

/** Creates the stage table from a compiled operation and records it, atomically. */
export async function materialiseStage(
  conn: DuckDBConnection,
  ctx: CompileContext,
  compiled: CompiledOp,
  record: Omit<StageRecord, 'rowsOut' | 'rowsChanged' | 'ms'>,
  opts: { signal?: AbortSignal; onFraction?: (f: number) => void },
): Promise<StageRecord> {
  const t0 = performance.now();
  const table = quoteIdent(record.table);
  if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled by the user.', {});
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run(`DROP TABLE IF EXISTS ${table}`);
    await watchQuery(
      conn,
      conn.run(`CREATE TABLE ${table} AS ${compiled.sql}`),
      opts.signal,
      opts.onFraction,
    );
    const counts = await stageCounts(conn, table, compiled, record.rowsIn);
    const done: StageRecord = { ...record, ...counts, ms: performance.now() - t0 };
    await putStage(conn, done);
    await conn.run('COMMIT');
    return done;
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw stepError(ctx, e, opts.signal);
  }
}

async function stageCounts(
  conn: DuckDBConnection,
  table: string,
  compiled: CompiledOp,
  rowsIn: number,
): Promise<StageCounts> {
  const flag = quoteIdent(CHANGED_FLAG);
  const sel = compiled.changed === 'flag' ? `count(*) FILTER (WHERE ${flag})` : '0';
  const r = await conn.runAndReadAll(`SELECT count(*) AS n, ${sel} AS c FROM ${table}`);
  const row = r.getRowObjectsJS()[0];
  const rowsOut = Number(row?.n ?? 0);
  // The flag only lives long enough to be counted.
  if (compiled.changed === 'flag') await conn.run(`ALTER TABLE ${table} DROP COLUMN ${flag}`);
  const rowsChanged = compiled.changed === 'removed' ? rowsIn - rowsOut : Number(row?.c ?? 0);
  return { rowsOut, rowsChanged };
}
