// One-sentence titles of suggestions, e.g. "parse 2,931 values of order_date with format %d/%m/%Y — fixes
// 2,931 of 4,890 findings".

import type { Operation } from '../contract/recipe.js';
import type { Effect } from './effect.js';

/** A count with thousands separators. */
export const fmt = (n: number): string => n.toLocaleString('en-US');

const quoted = (s: string) => `'${s}'`;

/** What the operation does, in words, with how many values it changes. */
function action(op: Operation, column: string, changed: number): string {
  const n = fmt(changed);
  switch (op.op) {
    case 'trim':
      return `trim ${n} values of ${column}`;
    case 'collapseSpaces':
      return `collapse spaces in ${n} values of ${column}`;
    case 'changeCase':
      return `${op.case}-case ${n} values of ${column}`;
    case 'parseDate':
      return `parse ${n} values of ${column} with format ${op.formats.join(', then ')}`;
    case 'parseNumber':
      return `parse ${n} numbers of ${column} with decimal ${quoted(op.decimal)}${op.group ? ` and group ${quoted(op.group)}` : ''}`;
    case 'mapValues':
      return `map ${fmt(op.mapping.length)} distinct values (${n} rows) of ${column}: ${op.mapping
        .slice(0, 3)
        .map((m) => `${quoted(m.from)} → ${m.to === null ? 'missing' : quoted(m.to)}`)
        .join(', ')}${op.mapping.length > 3 ? ', …' : ''}`;
    case 'nullTokens':
      return `treat ${op.tokens.map(quoted).join(', ')} as missing in ${column} (${n} values)`;
    case 'dropRowsWithFindings':
      return `drop ${n} rows with ${op.rule ?? ''} findings in ${column}`;
    case 'dedupe':
      return `keep the first row of each duplicate ${op.keys.join(', ')} (removes ${n} rows)`;
    default:
      return `${op.op} ${n} values of ${column}`;
  }
}

/** The title of a suggestion. */
export function suggestionTitle(op: Operation, column: string, e: Effect, scoped: boolean): string {
  const where = scoped ? ' (only rows with these findings)' : '';
  return `${action(op, column, e.valuesChanged)}${where} — fixes ${fmt(e.findingsFixed)} of ${fmt(e.findingsTotal)} findings`;
}
