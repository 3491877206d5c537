// Filling missing values: down from the last value above (by source line), or with a default.

import type { DuckDBConnection } from '../../adapters/duckdb.js';
import type { Operation } from '../../contract/recipe.js';
import { quoteLiteral } from '../../sql/quote.js';
import type { ColumnShape, CompileContext } from '../compile-types.js';
import { firstLine, LINE } from '../sql-expr.js';
import { isMissingSql } from '../sql-text.js';
import { invalidStep, resolveColumn } from '../step-errors.js';
import type { ColumnRewrite } from './column-transform.js';

/** SQL: true when a value of the column is missing (NULL, or blank text). */
export function missingSql(x: string, col: ColumnShape): string {
  return col.type === 'VARCHAR' ? isMissingSql(x) : `(${x} IS NULL)`;
}

/** The value rewrite of fillDown. */
export function fillDownRewrite(): ColumnRewrite {
  return {
    // The helper is the value, or NULL when missing; the window reads it once per row.
    helpers: (x, col) => [`CASE WHEN ${missingSql(x, col)} THEN NULL ELSE ${x} END`],
    expr(x, _col, [value = 'NULL']) {
      const above = `last_value(${value} IGNORE NULLS) OVER (ORDER BY ${LINE} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;
      return `CASE WHEN ${value} IS NULL THEN coalesce(${above}, ${x}) ELSE ${x} END`;
    },
  };
}

/** The value rewrite of fillDefault; a typed column checks that the default casts to its type. */
export async function fillDefaultRewrite(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: Extract<Operation, { op: 'fillDefault' }>,
): Promise<ColumnRewrite> {
  const lit = quoteLiteral(op.value);
  for (const name of op.columns) {
    const col = resolveColumn(ctx, name);
    if (col.type === 'VARCHAR') continue;
    try {
      await conn.run(`SELECT CAST(${lit} AS ${col.type})`);
    } catch (e) {
      throw invalidStep(ctx, `'${op.value}' is not a valid ${col.type} for '${col.name}': ${firstLine(e)}`);
    }
  }
  return {
    expr: (x, col) =>
      `CASE WHEN ${missingSql(x, col)} THEN ${col.type === 'VARCHAR' ? lit : `CAST(${lit} AS ${col.type})`} ELSE ${x} END`,
  };
}
