// Operations that change the columns themselves: split, merge, derive, rename, drop, reorder.

import type { DuckDBConnection } from '../../adapters/duckdb.js';
import type { Operation } from '../../contract/recipe.js';
import { quoteIdent, quoteLiteral } from '../../sql/quote.js';
import { CHANGED_FLAG, type ColumnShape, type CompileContext, type CompiledOp } from '../compile-types.js';
import { checkExpression, checkRegex, LINE } from '../sql-expr.js';
import { asText } from '../sql-text.js';
import { assertFreeName, assertText, invalidStep, resolveColumn } from '../step-errors.js';
import { resolveColumns } from './column-transform.js';
import { escapeRegex } from './text-ops.js';
import { missingSql } from './fill-ops.js';

type StructureOp = Extract<Operation, { op: 'split' | 'merge' | 'derive' | 'rename' | 'drop' | 'reorder' }>;

/** An output column: its SQL and shape. */
interface Out {
  sql: string;
  shape: ColumnShape;
}

const keep = (c: ColumnShape): Out => ({ sql: quoteIdent(c.name), shape: c });

function select(ctx: CompileContext, outs: Out[], flag: string | null): CompiledOp {
  const list = [LINE, ...outs.map((o) => o.sql)];
  if (flag) list.push(`(${flag}) AS ${quoteIdent(CHANGED_FLAG)}`);
  return {
    sql: `SELECT ${list.join(', ')} FROM ${ctx.input}`,
    columns: outs.map((o) => o.shape),
    changed: flag ? 'flag' : 'none',
  };
}

/** Checks new names: free in the input (except `freed` columns, which go away) and distinct among themselves. */
function assertNewNames(ctx: CompileContext, names: string[], freed: ColumnShape[] = []): void {
  const lower = new Set<string>();
  const rest = { ...ctx, columns: ctx.columns.filter((c) => !freed.includes(c)) };
  for (const n of names) {
    assertFreeName(rest, n);
    if (lower.has(n.toLowerCase())) throw invalidStep(ctx, `'${n}' is named twice.`);
    lower.add(n.toLowerCase());
  }
}

async function compileSplit(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: Extract<StructureOp, { op: 'split' }>,
) {
  const src = resolveColumn(ctx, op.column);
  assertText(ctx, src);
  if (op.separator === '') throw invalidStep(ctx, 'the separator is empty.');
  if (op.into.length < 1) throw invalidStep(ctx, 'name at least one column to split into.');
  assertNewNames(ctx, op.into, op.keepOriginal ? [] : [src]);
  if (op.regex) await checkRegex(conn, ctx, op.separator);
  const x = quoteIdent(src.name);
  const sep = quoteLiteral(op.separator);
  const parts = op.regex ? `regexp_split_to_array(${x}, ${sep})` : `string_split(${x}, ${sep})`;
  const n = op.into.length;
  const sepRe = op.regex ? op.separator : escapeRegex(op.separator);
  // The last column keeps the rest of the value, separators included, so splitting loses nothing.
  const rest = `regexp_extract(${x}, ${quoteLiteral(`^(?s)(?:.*?(?:${sepRe})){${n - 1}}(.*)$`)}, 1)`;
  const pieces: Out[] = op.into.map((name, i) => ({
    sql: `${i < n - 1 ? `${parts}[${i + 1}]` : `CASE WHEN len(${parts}) >= ${n} THEN ${n === 1 ? x : rest} END`} AS ${quoteIdent(name)}`,
    shape: { name, type: 'VARCHAR' },
  }));
  const outs = ctx.columns.flatMap((c) =>
    c === src ? [...(op.keepOriginal ? [keep(c)] : []), ...pieces] : [keep(c)],
  );
  return select(ctx, outs, `${x} IS NOT NULL`);
}

function compileMerge(ctx: CompileContext, op: Extract<StructureOp, { op: 'merge' }>): CompiledOp {
  const cols = resolveColumns(ctx, op.columns);
  assertNewNames(ctx, [op.into], op.keepOriginals ? [] : cols);
  const parts = cols.map((c) => {
    const ref = quoteIdent(c.name);
    return `CASE WHEN ${missingSql(ref, c)} THEN NULL ELSE ${asText(ref, c.type)} END`;
  });
  const merged = `nullif(concat_ws(${quoteLiteral(op.separator)}, ${parts.join(', ')}), '')`;
  const out: Out = { sql: `${merged} AS ${quoteIdent(op.into)}`, shape: { name: op.into, type: 'VARCHAR' } };
  const first = cols[0];
  const outs = ctx.columns.flatMap((c) => {
    if (c === first) return op.keepOriginals ? [keep(c), out] : [out];
    return cols.includes(c) && !op.keepOriginals ? [] : [keep(c)];
  });
  return select(ctx, outs, `${merged} IS NOT NULL`);
}

async function compileDerive(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: Extract<StructureOp, { op: 'derive' }>,
) {
  assertNewNames(ctx, [op.name]);
  const expr = await checkExpression(conn, ctx, op.expr);
  const after = op.after === undefined ? ctx.columns[ctx.columns.length - 1] : resolveColumn(ctx, op.after);
  // The real type is read from the stage once it exists; 'UNKNOWN' only lives until then.
  const out: Out = { sql: `${expr} AS ${quoteIdent(op.name)}`, shape: { name: op.name, type: 'UNKNOWN' } };
  const outs = ctx.columns.flatMap((c) => (c === after ? [keep(c), out] : [keep(c)]));
  if (!after) outs.push(out);
  return select(ctx, outs, `${expr} IS NOT NULL`);
}

/** Compiles a structure operation. */
export async function compileStructureOp(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: StructureOp,
): Promise<CompiledOp> {
  switch (op.op) {
    case 'split':
      return compileSplit(conn, ctx, op);
    case 'merge':
      return compileMerge(ctx, op);
    case 'derive':
      return compileDerive(conn, ctx, op);
    case 'rename': {
      const col = resolveColumn(ctx, op.column);
      assertFreeName(ctx, op.to, col.name);
      const outs = ctx.columns.map((c) =>
        c === col
          ? { sql: `${quoteIdent(c.name)} AS ${quoteIdent(op.to)}`, shape: { name: op.to, type: c.type } }
          : keep(c),
      );
      return select(ctx, outs, null);
    }
    case 'drop': {
      const cols = resolveColumns(ctx, op.columns);
      if (cols.length === ctx.columns.length) throw invalidStep(ctx, 'a table needs at least one column.');
      const lost = cols.map((c) => `NOT ${missingSql(quoteIdent(c.name), c)}`).join(' OR ');
      return select(ctx, ctx.columns.filter((c) => !cols.includes(c)).map(keep), lost);
    }
    case 'reorder': {
      const first = resolveColumns(ctx, op.columns);
      const outs = [...first, ...ctx.columns.filter((c) => !first.includes(c))].map(keep);
      return select(ctx, outs, null);
    }
  }
}
