// Before/after of an operation on sample rows, changed rows first, without creating a stage. The counts are
// over the whole table, the same figures the step would report.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { OpPreview, Operation, PreviewRow } from '../contract/recipe.js';
import { quoteIdent } from '../sql/quote.js';
import { CHANGED_FLAG, type ColumnShape } from './compile-types.js';
import { compileOp } from './compile.js';
import { recipeEnv, stepContext } from './context.js';
import { parseOperation } from './parse-recipe.js';
import { stepError } from './stage-sql.js';

/** Options of previewOp. */
export interface PreviewOptions {
  /** Rows to show (default 50). */
  limit?: number;
  secrets?: Record<string, string>;
}

type Row = (string | null)[];

const textCols = (cols: ColumnShape[]) =>
  cols.map((c) => `CAST(${quoteIdent(c.name)} AS VARCHAR)`).join(', ');

async function rowsByLine(conn: DuckDBConnection, sql: string): Promise<Map<number, Row>> {
  const r = await conn.runAndReadAll(sql);
  const out = new Map<number, Row>();
  for (const row of r.getRowsJS())
    out.set(
      Number(row[0]),
      row.slice(1).map((v) => (v == null ? null : String(v))),
    );
  return out;
}

/**
 * Previews `op` on `stage` (an unquoted table; null = the dataset's source): up to `limit` rows, the ones it
 * changes (or removes) first, each with its values before and after as text.
 */
export async function previewOp(
  conn: DuckDBConnection,
  datasetId: string,
  stage: string | null,
  op: Operation,
  opts: PreviewOptions = {},
): Promise<OpPreview> {
  parseOperation(op);
  const limit = Math.max(1, Math.min(opts.limit ?? 50, 10_000));
  const input = stage ?? `${datasetId}__source`;
  const env = await recipeEnv(conn, datasetId, opts.secrets);
  const ctx = await stepContext(conn, env, input, { id: 'preview', op, enabled: true }, 0);
  const compiled = await compileOp(conn, ctx, op);
  const flag = quoteIdent(CHANGED_FLAG);
  const out = `(${compiled.sql}) AS __sluice_out`;
  try {
    const counts = await conn.runAndReadAll(
      `SELECT count(*) AS n, ${compiled.changed === 'flag' ? `count(*) FILTER (WHERE ${flag})` : '0'} AS c FROM ${out}`,
    );
    const c = counts.getRowObjectsJS()[0];
    const rowsIn = Number(
      (await conn.runAndReadAll(`SELECT count(*) AS n FROM ${ctx.input}`)).getRowObjectsJS()[0]?.n,
    );
    const rowsOut = Number(c?.n ?? 0);
    const rowsChanged = compiled.changed === 'removed' ? rowsIn - rowsOut : Number(c?.c ?? 0);
    const order = compiled.changed === 'flag' ? `${flag} DESC, __line` : '__line';
    // Removed rows first for row operations, then rows that stay.
    const removed =
      compiled.changed === 'removed'
        ? [
            ...(
              await rowsByLine(
                conn,
                `SELECT i.__line FROM ${ctx.input} i ANTI JOIN ${out} USING (__line) ORDER BY i.__line LIMIT ${limit}`,
              )
            ).keys(),
          ]
        : [];
    const flagCol = compiled.changed === 'flag' ? `, ${flag}` : ', false';
    const after = await rowsByLine(
      conn,
      `SELECT __line${flagCol}, ${textCols(compiled.columns)} FROM ${out} ORDER BY ${order} LIMIT ${limit - removed.length}`,
    );
    const lines = [...removed, ...after.keys()];
    const before = lines.length
      ? await rowsByLine(
          conn,
          `SELECT __line, ${textCols(ctx.columns)} FROM ${ctx.input} WHERE __line IN (${lines.join(', ')})`,
        )
      : new Map<number, Row>();
    // The first value of an `after` row is the change flag (as text), the rest are the columns.
    const rows: PreviewRow[] = lines.map((line) => {
      const a = after.get(line);
      return {
        line,
        before: before.get(line) ?? null,
        after: a ? a.slice(1) : null,
        changed: a ? a[0] === 'true' : true,
      };
    });
    return {
      columnsBefore: ctx.columns.map((c) => c.name),
      columnsAfter: compiled.columns.map((c) => c.name),
      rows,
      rowsChanged,
      rowsIn,
      rowsOut,
    };
  } catch (e) {
    throw stepError(ctx, e);
  }
}
