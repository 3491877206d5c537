// A single cell edit (from the grid) is an operation like any other, so it replays and undoes the same way.

import type { DuckDBConnection } from '../../adapters/duckdb.js';
import type { Operation } from '../../contract/recipe.js';
import { quoteIdent } from '../../sql/quote.js';
import type { CompileContext, CompiledOp } from '../compile-types.js';
import { firstLine, LINE } from '../sql-expr.js';
import { literalOrNull } from '../sql-text.js';
import { invalidStep, resolveColumn } from '../step-errors.js';
import { buildRewriteSelect } from './column-transform.js';

/** Compiles a cell edit; with `previous`, the edit applies only while the cell still holds that value. */
export async function compileEditCell(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: Extract<Operation, { op: 'editCell' }>,
): Promise<CompiledOp> {
  if (!Number.isSafeInteger(op.line) || op.line < 1)
    throw invalidStep(ctx, 'line must be a positive integer.');
  const col = resolveColumn(ctx, op.column);
  let value = literalOrNull(op.value);
  if (col.type !== 'VARCHAR' && op.value !== null) {
    try {
      await conn.run(`SELECT CAST(${value} AS ${col.type})`);
    } catch (e) {
      throw invalidStep(ctx, `'${op.value}' is not a valid ${col.type}: ${firstLine(e)}`);
    }
    value = `CAST(${value} AS ${col.type})`;
  }
  const ref = quoteIdent(col.name);
  const guard =
    op.previous === undefined
      ? ''
      : ` AND ${col.type === 'VARCHAR' ? ref : `CAST(${ref} AS VARCHAR)`} IS NOT DISTINCT FROM ${literalOrNull(op.previous)}`;
  return buildRewriteSelect(
    ctx,
    new Map([[col.name, `CASE WHEN ${LINE} = ${op.line}${guard} THEN ${value} ELSE ${ref} END`]]),
  );
}
