// The small condition language of filters and scopes, compiled to a DuckDB boolean expression that is never
// NULL (a comparison with NULL is false), so NOT and the row filters behave as a user expects.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import type { Condition } from '../contract/recipe.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type { CompileContext } from './compile-types.js';
import { checkExpression, checkRegex, LINE } from './sql-expr.js';
import { invalidStep, resolveColumn } from './step-errors.js';
import { asText, isMissingSql } from './sql-text.js';

const COMPARE_OPS = new Set(['=', '!=', '<', '<=', '>', '>=']);

/** SQL selecting the lines of findings (optionally of one column and/or rule). */
export function findingLinesSql(ctx: CompileContext, column?: string, rule?: string): string {
  if (!ctx.hasFindings)
    throw new AppError(
      'NOT_FOUND',
      `Step ${ctx.step.index + 1} (${ctx.step.op}) uses findings, but none exist.`,
      {
        step: ctx.step.index,
        stepId: ctx.step.id,
        hint: 'Validate the data first (validation.run).',
      },
    );
  const where: string[] = [];
  if (column !== undefined) where.push(`"column" = ${quoteLiteral(column)}`);
  if (rule !== undefined) where.push(`rule = ${quoteLiteral(rule)}`);
  return `SELECT line FROM ${ctx.findings}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
}

/** Compiles a condition to a two-valued SQL boolean expression over the input table's columns. */
export async function compileCondition(
  conn: DuckDBConnection,
  ctx: CompileContext,
  c: Condition,
): Promise<string> {
  const raw = await compileRaw(conn, ctx, c);
  return `coalesce(${raw}, false)`;
}

async function compileRaw(conn: DuckDBConnection, ctx: CompileContext, c: Condition): Promise<string> {
  switch (c.kind) {
    case 'compare': {
      if (!COMPARE_OPS.has(c.op)) throw invalidStep(ctx, `unknown comparison '${String(c.op)}'.`);
      const col = resolveColumn(ctx, c.column);
      const ref = quoteIdent(col.name);
      if (c.numeric) {
        const n = typeof c.value === 'number' ? c.value : Number(c.value);
        if (!Number.isFinite(n)) throw invalidStep(ctx, `'${String(c.value)}' is not a number.`);
        return `(TRY_CAST(${ref} AS DOUBLE) ${c.op} ${n})`;
      }
      const lit = quoteLiteral(String(c.value));
      return col.type === 'VARCHAR'
        ? `(${ref} ${c.op} ${lit})`
        : `(${ref} ${c.op} TRY_CAST(${lit} AS ${col.type}))`;
    }
    case 'missing': {
      const col = resolveColumn(ctx, c.column);
      const ref = quoteIdent(col.name);
      return col.type === 'VARCHAR' ? isMissingSql(ref) : `(${ref} IS NULL)`;
    }
    case 'in': {
      const col = resolveColumn(ctx, c.column);
      if (c.values.length === 0) return 'false';
      const ci = c.caseInsensitive === true;
      const x = asText(quoteIdent(col.name), col.type);
      const list = c.values.map((v) => (ci ? quoteLiteral(v.toLowerCase()) : quoteLiteral(v))).join(', ');
      return `(${ci ? `lower(${x})` : x} IN (${list}))`;
    }
    case 'text': {
      const col = resolveColumn(ctx, c.column);
      const ci = c.caseInsensitive === true;
      const x = asText(quoteIdent(col.name), col.type);
      if (c.match === 'regex') {
        await checkRegex(conn, ctx, c.value);
        return `regexp_matches(${x}, ${quoteLiteral(c.value)}${ci ? `, 'i'` : ''})`;
      }
      const fn = { contains: 'contains', startsWith: 'starts_with', endsWith: 'suffix' }[c.match];
      if (!fn) throw invalidStep(ctx, `unknown text match '${String(c.match)}'.`);
      return ci
        ? `${fn}(lower(${x}), lower(${quoteLiteral(c.value)}))`
        : `${fn}(${x}, ${quoteLiteral(c.value)})`;
    }
    case 'finding':
      return `(${LINE} IN (${findingLinesSql(ctx, c.column, c.rule)}))`;
    case 'lines': {
      if (!c.lines.every((l) => Number.isSafeInteger(l)))
        throw invalidStep(ctx, 'line numbers must be integers.');
      return c.lines.length ? `(${LINE} IN (${c.lines.join(', ')}))` : 'false';
    }
    case 'and':
      return c.all.length ? `(${(await compileAll(conn, ctx, c.all)).join(' AND ')})` : 'true';
    case 'or':
      return c.any.length ? `(${(await compileAll(conn, ctx, c.any)).join(' OR ')})` : 'false';
    case 'not':
      return `(NOT ${await compileCondition(conn, ctx, c.cond)})`;
    case 'sql':
      return checkExpression(conn, ctx, c.expr);
    default:
      throw invalidStep(ctx, `unknown condition kind '${String((c as { kind: unknown }).kind)}'.`);
  }
}

async function compileAll(conn: DuckDBConnection, ctx: CompileContext, cs: Condition[]): Promise<string[]> {
  const out: string[] = [];
  for (const c of cs) out.push(await compileCondition(conn, ctx, c));
  return out;
}
