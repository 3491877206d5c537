// Row operations: filter by a condition, drop rows with findings, deduplicate. They report rows removed.

import type { DuckDBConnection } from '../../adapters/duckdb.js';
import type { Operation } from '../../contract/recipe.js';
import { quoteIdent } from '../../sql/quote.js';
import type { CompileContext, CompiledOp } from '../compile-types.js';
import { compileCondition, findingLinesSql } from '../condition.js';
import { LINE } from '../sql-expr.js';
import { asText, trimSql } from '../sql-text.js';
import { invalidStep } from '../step-errors.js';
import { resolveColumns } from './column-transform.js';
import { missingSql } from './fill-ops.js';

type RowOp = Extract<Operation, { op: 'filterRows' | 'dropRowsWithFindings' | 'dedupe' }>;

const all = (ctx: CompileContext) => [LINE, ...ctx.columns.map((c) => quoteIdent(c.name))].join(', ');

/** Compiles a row operation. */
export async function compileRowOp(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: RowOp,
): Promise<CompiledOp> {
  const base = { columns: ctx.columns, changed: 'removed' as const };
  switch (op.op) {
    case 'filterRows': {
      if (op.mode !== 'keep' && op.mode !== 'drop') throw invalidStep(ctx, `mode must be 'keep' or 'drop'.`);
      const cond = await compileCondition(conn, ctx, op.where);
      return {
        ...base,
        sql: `SELECT ${all(ctx)} FROM ${ctx.input} WHERE ${op.mode === 'keep' ? cond : `NOT ${cond}`}`,
      };
    }
    case 'dropRowsWithFindings': {
      const lines = findingLinesSql(ctx, op.column, op.rule);
      return {
        ...base,
        sql: `SELECT ${all(ctx)} FROM ${ctx.input} WHERE ${LINE} NOT IN (SELECT line FROM (${lines}) WHERE line IS NOT NULL)`,
      };
    }
    case 'dedupe': {
      const keys = resolveColumns(ctx, op.keys);
      const keyExprs = keys.map((k) => {
        let x = asText(quoteIdent(k.name), k.type);
        if (op.trim) x = trimSql(x);
        if (op.ignoreCase) x = `lower(${x})`;
        return x;
      });
      const order = {
        first: `${LINE}`,
        last: `${LINE} DESC`,
        mostComplete: `(${ctx.columns.map((c) => `(NOT ${missingSql(quoteIdent(c.name), c)})::INT`).join(' + ')}) DESC, ${LINE}`,
      }[op.keep];
      if (!order) throw invalidStep(ctx, `keep must be 'first', 'last' or 'mostComplete'.`);
      // Like SQL UNIQUE, a row with a missing key value is never a duplicate.
      const anyMissing = keys.map((k) => missingSql(quoteIdent(k.name), k)).join(' OR ');
      const rn = `row_number() OVER (PARTITION BY ${keyExprs.join(', ')} ORDER BY ${order})`;
      return { ...base, sql: `SELECT ${all(ctx)} FROM ${ctx.input} QUALIFY ${rn} = 1 OR ${anyMissing}` };
    }
  }
}
