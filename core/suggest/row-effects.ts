// Row-level fixes and their exact effect: dropping the rows of a findings group, and deduplicating for
// unique / primaryKey findings (measured with the validator's typed keys, so '01' and '1' still clash
// as integers after a text dedupe and are not counted as fixed).

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { Operation, Suggestion } from '../contract/recipe.js';
import type { TableSchema } from '../contract/schema.js';
import type { RuleName } from '../contract/validation.js';
import type { CompileContext } from '../recipe/compile-types.js';
import { compileOp } from '../recipe/compile.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { compileField } from '../validate/compile-field.js';
import { groupRowsSql, openSql, type GroupRef } from './effect.js';
import { fieldFor } from './rule-sql.js';
import { suggestionTitle } from './titles.js';

/** "Drop the rows with these findings": fixes every open finding of the group. */
export async function measureDropRows(conn: DuckDBConnection, g: GroupRef): Promise<Suggestion | null> {
  const open = openSql(g);
  const r = await conn.runAndReadAll(`SELECT count(*) FILTER (WHERE __sluice_g) AS rows,
      count(*) FILTER (WHERE __sluice_g AND ${open.fails}) AS open
    FROM (SELECT *${open.typed ? `, ${open.typed}` : ''} FROM (${groupRowsSql(g)}))`);
  const row = r.getRowObjectsJS()[0];
  const rows = Number(row?.rows ?? 0);
  const total = Number(row?.open ?? 0);
  if (total === 0) return null;
  const op: Operation = { op: 'dropRowsWithFindings', column: g.field.name, rule: g.rule };
  const e = { valuesChanged: rows, findingsFixed: total, findingsTotal: total, otherValuesChanged: 0 };
  return { column: g.field.name, rule: g.rule, title: suggestionTitle(op, g.field.name, e, false), op, ...e };
}

/** Dedupe (keep first) for a unique or primaryKey group, with its effect. */
export async function measureDedupe(
  conn: DuckDBConnection,
  ctx: CompileContext,
  schema: TableSchema,
  column: string,
  rule: RuleName,
): Promise<Suggestion[]> {
  const names = rule === 'primaryKey' ? [schema.primaryKey ?? []].flat() : [column];
  const fields = names.map((n) => fieldFor(schema, n));
  const cols = fields.map((f) => f && ctx.columns.find((c) => c.name.toLowerCase() === f.name.toLowerCase()));
  if (names.length === 0 || fields.some((f) => !f) || cols.some((c) => !c)) return [];
  const pk = names;
  const compiled = fields.map((f, i) =>
    compileField(
      f as NonNullable<typeof f>,
      quoteIdent((cols[i] as { name: string }).name),
      `__sluice_t${i}`,
      schema.missingValues,
      pk.includes((f as { name: string }).name),
    ),
  );
  const typed = compiled.flatMap((c) => (c.typedExpr ? [`${c.typedExpr} AS ${c.typed as string}`] : []));
  const keys = compiled.map((c, i) => `${c.typed ?? c.col} AS k${i}`);
  const usable = compiled.map((c) => `NOT ${c.missing} AND coalesce(${c.valid}, FALSE)`).join(' AND ');
  const ks = compiled.map((_, i) => `k${i}`).join(', ');
  const op: Operation = { op: 'dedupe', keys: cols.map((c) => (c as { name: string }).name), keep: 'first' };
  const kept = await compileOp(conn, { ...ctx, step: { ...ctx.step, op: 'dedupe' } }, op);
  const lines = `SELECT DISTINCT line FROM ${ctx.findings} WHERE "column" = ${quoteLiteral(column)} AND rule = ${quoteLiteral(rule)}`;
  const r = await conn.runAndReadAll(`
    WITH s0 AS (SELECT *${typed.length ? `, ${typed.join(', ')}` : ''} FROM ${ctx.input}),
    s AS (SELECT __line, ${keys.join(', ')}, ${usable} AS u FROM s0),
    kept AS (SELECT __line FROM (${kept.sql})),
    ks AS (SELECT * FROM s SEMI JOIN kept USING (__line)),
    d AS (SELECT __line FROM s WHERE u QUALIFY count(*) OVER (PARTITION BY ${ks}) > 1),
    kd AS (SELECT __line FROM ks WHERE u QUALIFY count(*) OVER (PARTITION BY ${ks}) > 1),
    g AS (${lines})
    SELECT (SELECT count(*) FROM g SEMI JOIN d ON g.line = d.__line) AS open,
           (SELECT count(*) FROM g SEMI JOIN kd ON g.line = kd.__line) AS still,
           (SELECT count(*) FROM s) - (SELECT count(*) FROM kept) AS removed,
           (SELECT count(*) FROM (SELECT __line FROM s ANTI JOIN kept USING (__line)) r ANTI JOIN g ON r.__line = g.line) AS other`);
  const row = r.getRowObjectsJS()[0];
  const total = Number(row?.open ?? 0);
  const fixed = total - Number(row?.still ?? 0);
  if (fixed <= 0) return [];
  const e = {
    valuesChanged: Number(row?.removed ?? 0),
    findingsFixed: fixed,
    findingsTotal: total,
    otherValuesChanged: Number(row?.other ?? 0),
  };
  return [{ column, rule, title: suggestionTitle(op, column, e, false), op, ...e }];
}
