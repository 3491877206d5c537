// One operation → one SELECT over the input table (the stage SQL is `CREATE TABLE <stage> AS <select>`).

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { Condition, Operation } from '../contract/recipe.js';
import type { CompileContext, CompiledOp } from './compile-types.js';
import { castRewrite } from './ops/cast.js';
import { compileRewrite, type ColumnRewrite } from './ops/column-transform.js';
import { compileEditCell } from './ops/edit-cell.js';
import { fillDefaultRewrite, fillDownRewrite } from './ops/fill-ops.js';
import { parseDateRewrite } from './ops/parse-date.js';
import { parseNumberRewrite } from './ops/parse-number.js';
import { privacyRewrite } from './ops/privacy-ops.js';
import { compileRowOp } from './ops/row-ops.js';
import { compileStructureOp } from './ops/structure-ops.js';
import { textRewrite } from './ops/text-ops.js';
import { invalidStep } from './step-errors.js';

/** The value rewrite of a column operation, or null for operations of another kind. */
export async function rewriteFor(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: Operation,
): Promise<ColumnRewrite | null> {
  switch (op.op) {
    case 'trim':
    case 'collapseSpaces':
    case 'changeCase':
    case 'replace':
    case 'mapValues':
    case 'nullTokens':
      return textRewrite(conn, ctx, op);
    case 'parseNumber':
      return parseNumberRewrite(ctx, op);
    case 'parseDate':
      return parseDateRewrite(conn, ctx, op);
    case 'cast':
      return castRewrite(ctx, op);
    case 'fillDown':
      return fillDownRewrite();
    case 'fillDefault':
      return fillDefaultRewrite(conn, ctx, op);
    case 'hash':
    case 'mask':
    case 'redact':
    case 'generaliseDate':
      return privacyRewrite(ctx, op);
    default:
      return null;
  }
}

/** Compiles one operation against the input described by `ctx`. */
export async function compileOp(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: Operation,
): Promise<CompiledOp> {
  const rw = await rewriteFor(conn, ctx, op);
  if (rw) {
    const { columns, where } = op as { columns: string[]; where?: Condition };
    return compileRewrite(conn, ctx, columns, where, rw);
  }
  switch (op.op) {
    case 'editCell':
      return compileEditCell(conn, ctx, op);
    case 'split':
    case 'merge':
    case 'derive':
    case 'rename':
    case 'drop':
    case 'reorder':
      return compileStructureOp(conn, ctx, op);
    case 'filterRows':
    case 'dropRowsWithFindings':
    case 'dedupe':
      return compileRowOp(conn, ctx, op);
    default:
      throw invalidStep(ctx, `unknown operation '${String((op as { op: unknown }).op)}'.`);
  }
}
