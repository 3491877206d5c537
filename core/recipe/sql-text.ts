// Small SQL building blocks for text values, shared by operations, conditions, clustering and suggestions.

import { quoteLiteral } from '../sql/quote.js';

/**
 * RE2 class of the whitespace a value may be padded with: ASCII space and controls (RE2's \\s lacks \\v),
 * the Unicode space separators (no-break spaces included), line/paragraph separators, NEL and the BOM.
 * DuckDB's one-argument trim only strips ' '.
 */
export const WHITESPACE_CLASS = '[\\s\\x{0B}\\p{Z}\\x{85}\\x{FEFF}]';

const EDGE = `'^${WHITESPACE_CLASS}|${WHITESPACE_CLASS}$'`;
const EDGES = `'^${WHITESPACE_CLASS}+|${WHITESPACE_CLASS}+$'`;

/**
 * SQL: `x` without leading and trailing whitespace. Regexes, because DuckDB's trim(x, characters) is 4× slower,
 * and only values that have edge whitespace pay for the replace.
 */
export function trimSql(x: string): string {
  return `CASE WHEN regexp_matches(${x}, ${EDGE}) THEN regexp_replace(${x}, ${EDGES}, '', 'g') ELSE ${x} END`;
}

/** SQL: true when the text `x` is NULL or only whitespace. */
export function isMissingSql(x: string): string {
  return `(${x} IS NULL OR regexp_full_match(${x}, '${WHITESPACE_CLASS}*'))`;
}

/** SQL: a text literal, or NULL. */
export function literalOrNull(v: string | null | undefined): string {
  return v == null ? 'NULL' : quoteLiteral(v);
}

/** SQL: `x` as text (no-op for VARCHAR). */
export function asText(x: string, type: string): string {
  return type === 'VARCHAR' ? x : `CAST(${x} AS VARCHAR)`;
}
