// The effect of candidate column operations on a findings group, on the whole table, in one query: how many
// values each changes, how many open findings of the group it resolves, and how many rows outside the group
// it would touch too.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { Operation } from '../contract/recipe.js';
import type { SchemaField, TableSchema } from '../contract/schema.js';
import type { RuleName } from '../contract/validation.js';
import type { CompileContext } from '../recipe/compile-types.js';
import { rewriteFor } from '../recipe/compile.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { ruleProbe } from './rule-sql.js';

/** What a candidate does to the table and to the group's findings. */
export interface Effect {
  valuesChanged: number;
  findingsFixed: number;
  findingsTotal: number;
  otherValuesChanged: number;
}

/** A findings group as measured: the column in the table, the field, the rule. */
export interface GroupRef {
  ctx: CompileContext;
  schema: TableSchema;
  field: SchemaField;
  /** The column's name in the table. */
  column: string;
  rule: RuleName;
}

const O = quoteIdent('__sluice_o');
const n = (k: number) => quoteIdent(`__sluice_n${k}`);
const typedAlias = (k: number | 'o') => quoteIdent(`__sluice_t${k}`);

/** SQL: the group's rows of the table with the column's value (`__sluice_o`) and the in-group flag `__sluice_g`. */
export function groupRowsSql(g: GroupRef): string {
  const lines = `SELECT DISTINCT line FROM ${g.ctx.findings} WHERE "column" = ${quoteLiteral(g.field.name)} AND rule = ${quoteLiteral(g.rule)}`;
  return `SELECT s.__line, s.${quoteIdent(g.column)} AS ${O}, (fl.line IS NOT NULL) AS __sluice_g
    FROM ${g.ctx.input} s LEFT JOIN (${lines}) fl ON s.__line = fl.line`;
}

/** SQL boolean over the group rows: the row's current value has a finding of the rule. */
export function openSql(g: GroupRef): { typed: string | null; fails: string } {
  const probe = ruleProbe(g.schema, g.field, g.rule, O, typedAlias('o'));
  if (!probe) throw new Error(`rule ${g.rule} is not a per-value rule`);
  return probe;
}

/** Measures candidate operations on the group's column; null for a candidate that does not apply to it. */
export async function measureOps(
  conn: DuckDBConnection,
  g: GroupRef,
  ops: readonly Operation[],
): Promise<{ total: number; effects: (Effect | null)[] }> {
  const col = g.ctx.columns.find((c) => c.name === g.column);
  if (!col) throw new Error(`no column ${g.column}`);
  const exprs: (string | null)[] = [];
  const helpers: string[] = [];
  for (const [k, op] of ops.entries()) {
    const rw = await rewriteFor(conn, g.ctx, op);
    if (!rw || (rw.textOnly && col.type !== 'VARCHAR') || rw.type) {
      exprs.push(null);
      continue;
    }
    const hs = (rw.helpers?.(O, col) ?? []).map((sql, j) => ({
      sql,
      name: quoteIdent(`__sluice_h${k}_${j}`),
    }));
    helpers.push(...hs.map((h) => `${h.sql} AS ${h.name}`));
    exprs.push(
      rw.expr(
        O,
        col,
        hs.map((h) => h.name),
      ),
    );
  }
  const open = openSql(g);
  const news = exprs.flatMap((e, k) => (e === null ? [] : [`${e} AS ${n(k)}`]));
  const probes = exprs.map((e, k) =>
    e === null ? null : ruleProbe(g.schema, g.field, g.rule, n(k), typedAlias(k)),
  );
  const typed = [open.typed, ...probes.map((p) => p?.typed ?? null)].filter((x): x is string => x !== null);
  const aggs = ['count(*) FILTER (WHERE __sluice_g AND __sluice_f) AS total'];
  exprs.forEach((e, k) => {
    if (e === null) return;
    const changed = `${n(k)} IS DISTINCT FROM ${O}`;
    aggs.push(
      `count(*) FILTER (WHERE ${changed}) AS c${k}`,
      `count(*) FILTER (WHERE NOT __sluice_g AND ${changed}) AS x${k}`,
      `count(*) FILTER (WHERE __sluice_g AND __sluice_f AND NOT ${(probes[k] as { fails: string }).fails}) AS f${k}`,
    );
  });
  const sql = `SELECT ${aggs.join(', ')} FROM (
    SELECT *, ${open.fails} AS __sluice_f FROM (
      SELECT *${typed.length ? `, ${typed.join(', ')}` : ''} FROM (
        SELECT *${news.length ? `, ${news.join(', ')}` : ''} FROM (
          SELECT *${helpers.length ? `, ${helpers.join(', ')}` : ''} FROM (${groupRowsSql(g)})))))`;
  const row = (await conn.runAndReadAll(sql)).getRowObjectsJS()[0] ?? {};
  const total = Number(row.total ?? 0);
  const effects = exprs.map((e, k) =>
    e === null
      ? null
      : {
          valuesChanged: Number(row[`c${k}`] ?? 0),
          otherValuesChanged: Number(row[`x${k}`] ?? 0),
          findingsFixed: Number(row[`f${k}`] ?? 0),
          findingsTotal: total,
        },
  );
  return { total, effects };
}

/** Distinct current values of the group's open findings, most frequent first. */
export async function openValues(
  conn: DuckDBConnection,
  g: GroupRef,
  limit = 1000,
): Promise<{ value: string; count: number }[]> {
  const open = openSql(g);
  const r = await conn.runAndReadAll(`SELECT ${O} AS v, count(*) AS n FROM (
      SELECT *${open.typed ? `, ${open.typed}` : ''} FROM (${groupRowsSql(g)}) WHERE __sluice_g)
    WHERE ${open.fails} AND ${O} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${limit}`);
  return r.getRowObjectsJS().map((x) => ({ value: String(x.v), count: Number(x.n) }));
}
