// Two ways to run the same per-column aggregates, chosen by the table's shape:
//   wide — one aggregate per column and figure (SELECT min(a), min(b), …): the fastest scan, but DuckDB
//          needs about a millisecond to plan each expression, so 2,000 columns would take minutes;
//   long — UNPIVOT to (name, v) rows and GROUP BY name: the SQL has the same few expressions for any number
//          of columns (per-column choices become `CASE WHEN name IN (…)`), at ~70 ns per cell of overhead.
// Tall tables use wide (planning is negligible next to the scan), short ones long.

import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type { Candidate } from './candidates.js';
import { familyOf, longFrom, nameList, typedColumnsSql, type Family } from './long-sql.js';
import { statsValueSql } from './stats-sql.js';

/** How an aggregate refers to one column's values. */
export interface Scope {
  /** The raw text. */
  v: string;
  /** The value typed as family `f` (NULL where the column is not read as `f`). */
  t(f: Family): string;
  /** Restricts a per-value condition to the columns in `names` (NULL for the others). */
  only(names: readonly string[], cond: string): string;
  /** A per-column parameter (SQL), from the `params` given to `run`. */
  param(key: string): string;
}

/** One aggregate figure, for all columns or only `names`. */
export interface AggSpec {
  alias: string;
  names?: readonly string[];
  sql(s: Scope): string;
}

/** Per-column results, by column name (a column without values may be absent in long form). */
export type Rows = Map<string, Record<string, unknown>>;

/** A query plan: the aggregates, the columns, how each is typed, and per-column parameters. */
export interface LayoutQuery {
  specs: AggSpec[];
  names: string[];
  from: string;
  assign: ReadonlyMap<string, Candidate | null>;
  params?: ReadonlyMap<string, Record<string, string>>;
}

/** Turns a query plan into SQL and its result rows into per-column rows. */
export interface Layout {
  sql(q: LayoutQuery): string;
  split(q: LayoutQuery, rows: Record<string, unknown>[]): Rows;
}

const NULL_OF: Record<Family, string> = {
  n: 'NULL::DOUBLE',
  d: 'NULL::DATE',
  dt: 'NULL::TIMESTAMP',
  tm: 'NULL::TIME',
};

const typedFamily = (assign: ReadonlyMap<string, Candidate | null>, name: string) => {
  const c = assign.get(name);
  return c ? familyOf(c.field.type) : null;
};

/** Long form: UNPIVOT and GROUP BY name. */
export const longLayout: Layout = {
  sql(q) {
    const all = q.names.length;
    const s: Scope = {
      v: 'v',
      t: (f) => `t_${f}`,
      only: (names, cond) =>
        names.length === all ? cond : `CASE WHEN name IN (${nameList(names)}) THEN ${cond} END`,
      param: (key) => `p.${quoteIdent(key)}`,
    };
    const items = q.specs.map((sp) => `${sp.sql(s)} AS ${quoteIdent(sp.alias)}`).join(', ');
    const inner = `SELECT name, v, ${typedColumnsSql(q.assign).join(', ')} FROM ${longFrom(q.names, q.from)}`;
    if (!q.params) return `SELECT name, ${items} FROM (${inner}) GROUP BY name`;
    const keys = Object.keys(q.params.values().next().value ?? {});
    const values = [...q.params].map(
      ([n, p]) => `(${[quoteLiteral(n), ...keys.map((k) => p[k])].join(', ')})`,
    );
    const cols = ['name', ...keys].map(quoteIdent).join(', ');
    return `SELECT name, ${items} FROM (${inner}) JOIN (VALUES ${values.join(', ')}) p(${cols}) USING (name) GROUP BY name`;
  },
  split: (_q, rows) => new Map(rows.map((r) => [String(r.name), r])),
};

/** Wide form: one aggregate per column and figure, aliases suffixed with the column's position. */
export const wideLayout: Layout = {
  sql(q) {
    const typed: string[] = [];
    const items = q.names.flatMap((name, i) => {
      const fam = typedFamily(q.assign, name);
      const cand = q.assign.get(name);
      if (fam && cand) typed.push(`${statsValueSql(cand.field, quoteIdent(name))} AS t${i}`);
      const s: Scope = {
        v: quoteIdent(name),
        t: (f) => (f === fam ? `t${i}` : NULL_OF[f]),
        only: (_names, cond) => cond,
        param: (key) => q.params?.get(name)?.[key] ?? 'NULL',
      };
      return q.specs
        .filter((sp) => !sp.names || sp.names.includes(name))
        .map((sp) => `${sp.sql(s)} AS ${quoteIdent(`${sp.alias}__${i}`)}`);
    });
    const cols = [...q.names.map(quoteIdent), ...typed].join(', ');
    return `SELECT ${items.join(', ') || '1'} FROM (SELECT ${cols || '1'} FROM ${q.from})`;
  },
  split(q, rows) {
    const row = rows[0] ?? {};
    const out: Rows = new Map();
    q.names.forEach((name, i) => {
      const rec: Record<string, unknown> = {};
      for (const sp of q.specs) {
        const k = `${sp.alias}__${i}`;
        if (k in row) rec[sp.alias] = row[k];
      }
      out.set(name, rec);
    });
    return out;
  },
};
