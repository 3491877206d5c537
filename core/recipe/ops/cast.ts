// Strict casts: DuckDB reads '2.5' as INTEGER 3 and '1e3' as 1000, so text must match the target's exact
// layout before TRY_CAST runs. Blank text is missing (NULL), not a failure.

import type { Operation } from '../../contract/recipe.js';
import { quoteLiteral } from '../../sql/quote.js';
import type { ColumnShape, CompileContext } from '../compile-types.js';
import { trimSql } from '../sql-text.js';
import { invalidStep } from '../step-errors.js';
import type { ColumnRewrite } from './column-transform.js';

type CastOp = Extract<Operation, { op: 'cast' }>;

/** Marker of a failed strict cast inside DuckDB's error message (see apply's error mapping). */
export const CAST_FAILED = 'SLUICE_CAST_FAILED';

const DATE_RE = '[0-9]{4}-[0-9]{2}-[0-9]{2}';
const TIME_RE = '[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,6})?)?';

/** The DuckDB type and the strict layout (null: anything TRY_CAST accepts) of a cast target. */
export function castTarget(ctx: CompileContext, op: CastOp): { type: string; layout: string | null } {
  switch (op.to) {
    case 'varchar':
      return { type: 'VARCHAR', layout: null };
    case 'integer':
      return { type: 'INTEGER', layout: '[+-]?[0-9]+' };
    case 'bigint':
      return { type: 'BIGINT', layout: '[+-]?[0-9]+' };
    case 'double':
      return { type: 'DOUBLE', layout: '[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?' };
    case 'decimal': {
      const p = op.precision ?? 18;
      const s = op.scale ?? 3;
      if (!Number.isInteger(p) || !Number.isInteger(s) || p < 1 || p > 38 || s < 0 || s > p)
        throw invalidStep(ctx, 'decimal needs 1 ≤ precision ≤ 38 and 0 ≤ scale ≤ precision.');
      // More fraction digits than the scale would be rounded silently: refuse them instead.
      return { type: `DECIMAL(${p},${s})`, layout: s ? `[+-]?[0-9]+(\\.[0-9]{0,${s}})?` : '[+-]?[0-9]+' };
    }
    case 'boolean':
      return { type: 'BOOLEAN', layout: '(?i)(true|false|1|0)' };
    case 'date':
      return { type: 'DATE', layout: DATE_RE };
    case 'timestamp':
      return { type: 'TIMESTAMP', layout: `${DATE_RE}([T ]${TIME_RE})?` };
    case 'time':
      return { type: 'TIME', layout: TIME_RE };
    default:
      throw invalidStep(ctx, `unknown cast type '${String(op.to)}'.`);
  }
}

/** The value rewrite of a cast operation. */
export function castRewrite(ctx: CompileContext, op: CastOp): ColumnRewrite {
  const target = castTarget(ctx, op);
  const fail = op.onError === 'fail';
  return {
    type: () => target.type,
    expr(x: string, col: ColumnShape) {
      if (target.type === 'VARCHAR') return col.type === 'VARCHAR' ? x : `CAST(${x} AS VARCHAR)`;
      if (col.type !== 'VARCHAR') {
        const cast = `TRY_CAST(${x} AS ${target.type})`;
        if (!fail) return cast;
        return `CASE WHEN ${x} IS NULL OR ${cast} IS NOT NULL THEN ${cast} ELSE error(${quoteLiteral(`${CAST_FAILED}:${col.name}:`)} || CAST(${x} AS VARCHAR)) END`;
      }
      const v = trimSql(x);
      const cast = `TRY_CAST(${v} AS ${target.type})`;
      const ok = target.layout
        ? `regexp_full_match(${v}, ${quoteLiteral(target.layout)}) AND ${cast} IS NOT NULL`
        : 'true';
      const bad = fail ? `error(${quoteLiteral(`${CAST_FAILED}:${col.name}:`)} || ${x})` : 'NULL';
      return `CASE WHEN ${x} IS NULL OR ${v} = '' THEN NULL WHEN ${ok} THEN ${cast} ELSE ${bad} END`;
    },
  };
}
