// Rows the database refused: what is known about each (line, column, value, SQLSTATE, constraint, message) and
// how they are recorded — in sluice_sync_rows_out, in the same transaction as the batch they came from.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { PgClient } from '../adapters/postgres.js';
import type { AppError } from '../contract/errors.js';
import type { SyncReject } from '../contract/sync.js';
import { quoteIdent } from '../sql/quote.js';
import { LINE_COLUMN } from '../workspace/tables.js';
import type { SyncContext } from './context.js';
import { rowsOf } from './source.js';
import { copyColumnOf } from './sqlstate.js';

/** Builds the reject of `line` from the database error, with the raw value when the error names a column. */
export async function describeReject(
  ctx: SyncContext,
  duck: DuckDBConnection,
  err: AppError,
  line: number,
): Promise<SyncReject> {
  const constraint = typeof err.details.constraint === 'string' ? err.details.constraint : undefined;
  const column =
    typeof err.details.column === 'string'
      ? err.details.column
      : (copyColumnOf(err) ?? (constraint ? ctx.constraintColumns?.get(constraint) : undefined));
  const field = column !== undefined ? ctx.fieldOf.get(column) : undefined;
  const source = ctx.src.columns.find((c) => c.field.name === field)?.source;
  let value: string | null | undefined;
  if (source !== undefined) {
    const [r] = await rowsOf(
      duck,
      `SELECT CAST(${quoteIdent(source)} AS VARCHAR) AS v FROM ${ctx.src.table} WHERE ${quoteIdent(LINE_COLUMN)} = ${line}`,
    );
    value = r?.v === null || r?.v === undefined ? null : String(r.v);
  }
  return {
    line,
    sqlstate: String(err.details.sqlstate ?? ''),
    message: typeof err.details.detail === 'string' ? `${err.message} (${err.details.detail})` : err.message,
    ...(field !== undefined ? { column: field } : {}),
    ...(value !== undefined ? { value } : {}),
    ...(typeof err.details.constraint === 'string' ? { constraint: err.details.constraint } : {}),
  };
}

/** Records rejects inside the caller's transaction (a re-sync pass first supersedes the lines' old records). */
export async function recordRejects(c: PgClient, ctx: SyncContext, rejects: SyncReject[]): Promise<void> {
  if (rejects.length === 0) return;
  if (ctx.pass > 0) {
    await c.query(
      `UPDATE ${ctx.meta.rowsOut} SET resolved_pass = $2 WHERE sync_id = $1 AND resolved_pass IS NULL AND line = ANY($3::bigint[])`,
      [ctx.syncId, ctx.pass, rejects.map((r) => r.line)],
    );
  }
  await c.query(
    `INSERT INTO ${ctx.meta.rowsOut} (sync_id, line, pass, reason, sqlstate, constraint_name, column_name, value, message)
     SELECT $1, r.line, $2, 'rejected', r.sqlstate, r.con, r.col, r.val, r.msg
       FROM json_to_recordset($3::json) AS r(line bigint, sqlstate text, con text, col text, val text, msg text)`,
    [
      ctx.syncId,
      ctx.pass,
      JSON.stringify(
        rejects.map((r) => ({
          line: r.line,
          sqlstate: r.sqlstate,
          con: r.constraint ?? null,
          col: r.column ?? null,
          val: r.value ?? null,
          msg: r.message,
        })),
      ),
    ],
  );
}

/** Keeps the first rejects of a run for its result. */
export function keepRejects(ctx: SyncContext, rejects: SyncReject[]): void {
  for (const r of rejects) if (ctx.rejects.length < 100) ctx.rejects.push(r);
}
