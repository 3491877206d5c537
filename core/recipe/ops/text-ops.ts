// Text clean-ups: trim, collapse spaces, change case, replace, map values, treat tokens as missing.

import type { DuckDBConnection } from '../../adapters/duckdb.js';
import type { Operation } from '../../contract/recipe.js';
import { quoteLiteral } from '../../sql/quote.js';
import type { CompileContext, CompiledOp } from '../compile-types.js';
import { checkRegex } from '../sql-expr.js';
import { literalOrNull, trimSql, WHITESPACE_CLASS } from '../sql-text.js';
import { invalidStep } from '../step-errors.js';
import { compileRewrite, type ColumnRewrite } from './column-transform.js';

type TextOp = Extract<
  Operation,
  { op: 'trim' | 'collapseSpaces' | 'changeCase' | 'replace' | 'mapValues' | 'nullTokens' }
>;

/** Escapes text so RE2 reads it literally. */
export function escapeRegex(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** SQL: title case of `x` — each space-separated word gets an upper-case first letter, the rest lower. */
export function titleCaseSql(x: string): string {
  return `array_to_string(list_transform(string_split(lower(${x}), ' '), lambda w: upper(left(w, 1)) || substr(w, 2)), ' ')`;
}

/** The value rewrite of a text operation (exported for suggestions, which evaluate it without a stage). */
export async function textRewrite(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: TextOp,
): Promise<ColumnRewrite> {
  switch (op.op) {
    case 'trim':
      return { textOnly: true, expr: (x) => trimSql(x) };
    case 'collapseSpaces':
      return { textOnly: true, expr: (x) => `regexp_replace(${x}, '${WHITESPACE_CLASS}+', ' ', 'g')` };
    case 'changeCase': {
      const fn = {
        upper: (x: string) => `upper(${x})`,
        lower: (x: string) => `lower(${x})`,
        title: titleCaseSql,
      }[op.case];
      if (!fn) throw invalidStep(ctx, `unknown case '${String(op.case)}'.`);
      return { textOnly: true, expr: fn };
    }
    case 'replace':
      return replaceRewrite(conn, ctx, op);
    case 'mapValues':
      return mapRewrite(ctx, op);
    case 'nullTokens': {
      if (op.tokens.length === 0) throw invalidStep(ctx, 'list at least one token.');
      const ci = op.caseInsensitive !== false;
      const list = [...new Set(op.tokens.map((t) => (ci ? t.trim().toLowerCase() : t.trim())))];
      const inList = list.map(quoteLiteral).join(', ');
      return {
        textOnly: true,
        expr: (x) =>
          `CASE WHEN ${ci ? `lower(${trimSql(x)})` : trimSql(x)} IN (${inList}) THEN NULL ELSE ${x} END`,
      };
    }
  }
}

async function replaceRewrite(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: Extract<Operation, { op: 'replace' }>,
): Promise<ColumnRewrite> {
  if (op.find === '') throw invalidStep(ctx, 'the text to find is empty.');
  const flags = op.caseInsensitive ? `'gi'` : `'g'`;
  if (op.regex) {
    await checkRegex(conn, ctx, op.find);
    return {
      textOnly: true,
      expr: (x) =>
        `regexp_replace(${x}, ${quoteLiteral(op.find)}, ${quoteLiteral(op.replacement)}, ${flags})`,
    };
  }
  if (!op.caseInsensitive)
    return {
      textOnly: true,
      expr: (x) => `replace(${x}, ${quoteLiteral(op.find)}, ${quoteLiteral(op.replacement)})`,
    };
  // Case-insensitive literal: a regex of the escaped text, with `\` in the replacement escaped too.
  const re = quoteLiteral(escapeRegex(op.find));
  const rep = quoteLiteral(op.replacement.replaceAll('\\', '\\\\'));
  return { textOnly: true, expr: (x) => `regexp_replace(${x}, ${re}, ${rep}, ${flags})` };
}

function mapRewrite(ctx: CompileContext, op: Extract<Operation, { op: 'mapValues' }>): ColumnRewrite {
  if (op.mapping.length === 0) throw invalidStep(ctx, 'the mapping is empty.');
  const ci = op.caseInsensitive === true;
  const seen = new Set<string>();
  for (const m of op.mapping) {
    const key = ci ? m.from.toLowerCase() : m.from;
    if (seen.has(key)) throw invalidStep(ctx, `'${m.from}' is mapped twice.`);
    seen.add(key);
  }
  const whens = op.mapping
    .map((m) => `WHEN ${quoteLiteral(ci ? m.from.toLowerCase() : m.from)} THEN ${literalOrNull(m.to)}`)
    .join(' ');
  return { textOnly: true, expr: (x) => `CASE ${ci ? `lower(${x})` : x} ${whens} ELSE ${x} END` };
}

/** Compiles a text operation. */
export async function compileTextOp(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: TextOp,
): Promise<CompiledOp> {
  return compileRewrite(conn, ctx, op.columns, op.where, await textRewrite(conn, ctx, op));
}
