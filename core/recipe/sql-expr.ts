// User-written SQL (derive expressions, `sql` conditions) is checked before it runs: exactly one expression,
// no `;`, no subquery, only existing columns (named in a RECIPE_COLUMN_MISSING error otherwise), and it must
// bind against the input table. DuckDB's own parser (json_serialize_sql) does the parsing.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { CompileContext } from './compile-types.js';
import { invalidStep, resolveColumn } from './step-errors.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';

interface AstNode {
  class?: string;
  column_names?: string[];
  lhs?: AstNode;
  [key: string]: unknown;
}

/** Column names the expression references, ignoring lambda parameters; fails on subqueries. */
function referencedColumns(ctx: CompileContext, node: unknown, bound: Set<string>, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) referencedColumns(ctx, n, bound, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as AstNode;
  if (n.class === 'SUBQUERY') throw invalidStep(ctx, 'the expression may not contain a subquery.');
  if (n.class === 'LAMBDA') {
    const params = new Set(bound);
    const names = new Set<string>();
    referencedColumns(ctx, n.lhs, new Set(), names);
    for (const p of names) params.add(p.toLowerCase());
    referencedColumns(ctx, n.expr, params, out);
    return;
  }
  if (n.class === 'COLUMN_REF' && Array.isArray(n.column_names)) {
    const names = n.column_names;
    if (names.length !== 1) throw invalidStep(ctx, `use plain column names, not '${names.join('.')}'.`);
    const name = names[0] as string;
    if (!bound.has(name.toLowerCase())) out.add(name);
    return;
  }
  for (const v of Object.values(n)) if (v && typeof v === 'object') referencedColumns(ctx, v, bound, out);
}

/** Parses `expr` as one SELECT-list expression; returns the columns it references. */
async function parseExpression(
  conn: DuckDBConnection,
  ctx: CompileContext,
  expr: string,
): Promise<Set<string>> {
  if (expr.trim() === '') throw invalidStep(ctx, 'the expression is empty.');
  if (expr.includes(';')) throw invalidStep(ctx, 'the expression may not contain `;`.');
  if (expr.includes('\u0000')) throw invalidStep(ctx, 'the expression contains a NUL character.');
  // json_serialize_sql wants a constant, not a parameter; quoteLiteral makes the text safe.
  const r = await conn.runAndReadAll(`SELECT json_serialize_sql(${quoteLiteral(`SELECT ${expr}`)}) AS j`);
  const ast = JSON.parse(String(r.getRowObjectsJS()[0]?.j)) as {
    error: boolean;
    error_message?: string;
    statements?: { node: Record<string, unknown> }[];
  };
  if (ast.error)
    throw invalidStep(ctx, `the expression does not parse: ${ast.error_message ?? 'syntax error'}.`);
  const node = ast.statements?.length === 1 ? ast.statements[0]?.node : undefined;
  const list = node?.select_list as unknown[] | undefined;
  const from = node?.from_table as { type?: string } | undefined;
  const clauses = ['where_clause', 'having', 'qualify'].some((k) => node?.[k] != null);
  const groups = (node?.group_expressions as unknown[] | undefined)?.length ?? 0;
  const mods = (node?.modifiers as unknown[] | undefined)?.length ?? 0;
  if (
    node?.type !== 'SELECT_NODE' ||
    list?.length !== 1 ||
    from?.type !== 'EMPTY' ||
    clauses ||
    groups ||
    mods
  )
    throw invalidStep(ctx, 'write exactly one expression (no FROM, WHERE, commas between expressions…).');
  const refs = new Set<string>();
  referencedColumns(ctx, list, new Set(), refs);
  return refs;
}

/**
 * Checks a user expression against the input table and returns it parenthesised, ready to embed.
 * Missing columns fail with RECIPE_COLUMN_MISSING; anything DuckDB cannot bind with RECIPE_INVALID.
 */
export async function checkExpression(
  conn: DuckDBConnection,
  ctx: CompileContext,
  expr: string,
): Promise<string> {
  const refs = await parseExpression(conn, ctx, expr);
  for (const name of refs) if (name.toLowerCase() !== '__line') resolveColumn(ctx, name);
  try {
    await conn.run(`SELECT (${expr}) AS v FROM ${ctx.input} LIMIT 0`);
  } catch (e) {
    throw invalidStep(ctx, `the expression is not valid here: ${firstLine(e)}`);
  }
  return `(${expr})`;
}

/** Checks that `pattern` is a valid RE2 regular expression. */
export async function checkRegex(
  conn: DuckDBConnection,
  ctx: CompileContext,
  pattern: string,
): Promise<void> {
  try {
    await conn.run(`SELECT regexp_matches('', $1)`, [pattern]);
  } catch (e) {
    throw invalidStep(ctx, `invalid regular expression '${pattern}': ${firstLine(e)}`);
  }
}

/** The first line of an error message (DuckDB appends the query and a caret). */
export function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0] ?? msg;
}

/** Quoted `__line`. */
export const LINE = quoteIdent('__line');
