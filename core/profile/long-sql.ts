// Profiling reads a batch of columns in long form — UNPIVOT to (name, v) rows, then GROUP BY name — so that
// the SQL has the same few expressions however many columns there are. Per-column SQL costs DuckDB about a
// millisecond per expression to plan, which made 2,000 columns take minutes; this takes well under a second.
// Per-column choices (which type to read a column as) become `CASE WHEN name IN (…)` branches.

import type { FieldType } from '../contract/schema.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type { Candidate } from './candidates.js';
import { statsValueSql } from './stats-sql.js';

/** A typed-value column of the long form, shared by all columns read as that kind of type. */
export type Family = 'n' | 'd' | 'dt' | 'tm';

/** The family of a type; null for types without an order (string, boolean). */
export function familyOf(type: FieldType): Family | null {
  switch (type) {
    case 'integer':
    case 'number':
      return 'n';
    case 'date':
      return 'd';
    case 'datetime':
      return 'dt';
    case 'time':
      return 'tm';
    default:
      return null;
  }
}

/** Every family, in a fixed order. */
export const FAMILIES: readonly Family[] = ['n', 'd', 'dt', 'tm'];

/** `(UNPIVOT (SELECT cols FROM from) ON cols INTO NAME name VALUE v)`; names as the table spells them. */
export function longFrom(names: readonly string[], from: string): string {
  const cols = names.map(quoteIdent).join(', ');
  return `(UNPIVOT (SELECT ${cols} FROM ${from}) ON ${cols} INTO NAME name VALUE v)`;
}

/** SQL list of name literals. */
export function nameList(names: readonly string[]): string {
  return names.map(quoteLiteral).join(', ');
}

/** Groups column names by the candidate each is read as. */
export function byCandidate(assign: ReadonlyMap<string, Candidate | null>): Map<Candidate, string[]> {
  const out = new Map<Candidate, string[]>();
  for (const [name, cand] of assign) {
    if (!cand) continue;
    const list = out.get(cand) ?? [];
    list.push(name);
    out.set(cand, list);
  }
  return out;
}

/** Select items `t_n, t_d, t_dt, t_tm`: each row's value typed as its column's candidate, NULL otherwise. */
export function typedColumnsSql(assign: ReadonlyMap<string, Candidate | null>): string[] {
  const branches = new Map<Family, string[]>(FAMILIES.map((f) => [f, []]));
  for (const [cand, names] of byCandidate(assign)) {
    const f = familyOf(cand.field.type);
    if (f) branches.get(f)!.push(`WHEN name IN (${nameList(names)}) THEN ${statsValueSql(cand.field, 'v')}`);
  }
  return FAMILIES.map((f) => {
    const b = branches.get(f)!;
    const type = { n: 'DOUBLE', d: 'DATE', dt: 'TIMESTAMP', tm: 'TIME' }[f];
    return b.length ? `CASE ${b.join(' ')} END AS t_${f}` : `NULL::${type} AS t_${f}`;
  });
}
