// Most operations rewrite the values of some columns: this builds their single SELECT. New values are computed
// once in an inner SELECT, and the outer one compares them with the old ones (IS DISTINCT FROM) into the change
// flag, so the count of changed rows comes from the same statement.

import type { DuckDBConnection } from '../../adapters/duckdb.js';
import type { Condition } from '../../contract/recipe.js';
import { quoteIdent } from '../../sql/quote.js';
import { CHANGED_FLAG, type ColumnShape, type CompileContext, type CompiledOp } from '../compile-types.js';
import { compileCondition } from '../condition.js';
import { LINE } from '../sql-expr.js';
import { assertText, invalidStep, resolveColumn } from '../step-errors.js';

/** How one operation rewrites a column's value. */
export interface ColumnRewrite {
  /**
   * Values computed once per row in an inner projection (e.g. one regex match used many times: DuckDB does not
   * share repeated subexpressions inside CASE); `expr` gets their quoted names, in order.
   */
  helpers?(ref: string, col: ColumnShape): string[];
  /** SQL for the new value, given the quoted column reference and the helpers' quoted names. */
  expr(ref: string, col: ColumnShape, helpers: string[]): string;
  /** The new DuckDB type (default: unchanged). */
  type?(col: ColumnShape): string;
  /** True for operations on text only (trim, case…). */
  textOnly?: boolean;
}

/** Resolves a list of column names (deduplicated, at least one). */
export function resolveColumns(ctx: CompileContext, names: readonly string[]): ColumnShape[] {
  if (names.length === 0) throw invalidStep(ctx, 'name at least one column.');
  const out: ColumnShape[] = [];
  for (const n of names) {
    const c = resolveColumn(ctx, n);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

/** The new-value SQL of each target column (scoped by `where`), keyed by column name. */
export async function rewriteExprs(
  conn: DuckDBConnection,
  ctx: CompileContext,
  names: readonly string[],
  where: Condition | undefined,
  rw: ColumnRewrite,
): Promise<Map<string, RewriteExpr>> {
  const targets = resolveColumns(ctx, names);
  const cond = where ? await compileCondition(conn, ctx, where) : undefined;
  const out = new Map<string, RewriteExpr>();
  for (const [k, col] of targets.entries()) {
    if (rw.textOnly) assertText(ctx, col);
    if (where && rw.type && rw.type(col) !== col.type)
      throw invalidStep(ctx, `changing the type of '${col.name}' applies to all rows, not a scope.`);
    const ref = quoteIdent(col.name);
    const helpers = (rw.helpers?.(ref, col) ?? []).map((sql, j) => ({
      name: quoteIdent(`__sluice_h${k}_${j}`),
      sql,
    }));
    const e = rw.expr(
      ref,
      col,
      helpers.map((h) => h.name),
    );
    out.set(col.name, { sql: cond ? `CASE WHEN ${cond} THEN ${e} ELSE ${ref} END` : e, helpers });
  }
  return out;
}

/** A column's new-value SQL and the helper values it reads. */
export interface RewriteExpr {
  sql: string;
  helpers: { name: string; sql: string }[];
}

/** Compiles a column rewrite into one SELECT with a change flag. */
export async function compileRewrite(
  conn: DuckDBConnection,
  ctx: CompileContext,
  names: readonly string[],
  where: Condition | undefined,
  rw: ColumnRewrite,
): Promise<CompiledOp> {
  const exprs = await rewriteExprs(conn, ctx, names, where, rw);
  return buildRewriteSelect(ctx, exprs, rw);
}

/** The SELECT for already-built new-value expressions. */
export function buildRewriteSelect(
  ctx: CompileContext,
  exprs: Map<string, RewriteExpr | string>,
  rw: Pick<ColumnRewrite, 'type'> = {},
): CompiledOp {
  const inner: string[] = [];
  const outer: string[] = [LINE];
  const changed: string[] = [];
  const columns: ColumnShape[] = [];
  const helpers: string[] = [];
  let k = 0;
  for (const col of ctx.columns) {
    const ref = quoteIdent(col.name);
    const got = exprs.get(col.name);
    const e = typeof got === 'string' ? got : got?.sql;
    if (typeof got === 'object') helpers.push(...got.helpers.map((h) => `${h.sql} AS ${h.name}`));
    if (e === undefined) {
      outer.push(ref);
      columns.push(col);
      continue;
    }
    const tmp = quoteIdent(`__sluice_n${k++}`);
    inner.push(`${e} AS ${tmp}`);
    outer.push(`${tmp} AS ${ref}`);
    const type = rw.type ? rw.type(col) : col.type;
    columns.push({ name: col.name, type });
    // A type change compares the text forms, so '1' cast to 1 is not a change but 'x' cast to NULL is.
    const next = type === col.type ? tmp : `CAST(${tmp} AS VARCHAR)`;
    const prev = col.type === 'VARCHAR' || type === col.type ? ref : `CAST(${ref} AS VARCHAR)`;
    changed.push(`${next} IS DISTINCT FROM ${prev}`);
  }
  const flag = changed.length ? changed.join(' OR ') : 'false';
  const from = helpers.length
    ? `(SELECT *, ${helpers.join(', ')} FROM ${ctx.input}) AS __sluice_h`
    : ctx.input;
  const sql =
    `SELECT ${outer.join(', ')}, (${flag}) AS ${quoteIdent(CHANGED_FLAG)} ` +
    `FROM (SELECT *, ${inner.join(', ')} FROM ${from}) AS __sluice_in`;
  return { sql, columns, changed: 'flag' };
}
