// Small SQL building blocks for text values, shared by operations, conditions, clustering and suggestions.

import { quoteLiteral } from '../sql/quote.js';

/**
 * Whitespace a value may be padded with: ASCII space and controls, no-break spaces, the Unicode space
 * separators, line/paragraph separators and the BOM (DuckDB's one-argument trim only strips ' ').
 */
export const WHITESPACE_CHARS =
  ' \t\n\r\v\f\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** RE2 class matching one whitespace character of WHITESPACE_CHARS. */
export const WHITESPACE_CLASS = '[\\s\\p{Z}\\x{85}\\x{FEFF}]';

/** SQL: `x` without leading and trailing whitespace. */
export function trimSql(x: string): string {
  return `trim(${x}, ${quoteLiteral(WHITESPACE_CHARS)})`;
}

/** SQL: true when the text `x` is NULL or only whitespace. */
export function isMissingSql(x: string): string {
  return `(${x} IS NULL OR ${trimSql(x)} = '')`;
}

/** SQL: a text literal, or NULL. */
export function literalOrNull(v: string | null | undefined): string {
  return v == null ? 'NULL' : quoteLiteral(v);
}

/** SQL: `x` as text (no-op for VARCHAR). */
export function asText(x: string, type: string): string {
  return type === 'VARCHAR' ? x : `CAST(${x} AS VARCHAR)`;
}
