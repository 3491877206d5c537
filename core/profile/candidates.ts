// The types and formats inference tries, most specific first, each as a schema field the shared recognizers
// (core/types) compile. Inference never has patterns of its own, except two stricter shapes defined beside
// the recognizers: `scheme://` URIs and leading-zero numbers.

import type { FieldType, SchemaField } from '../contract/schema.js';
import { conformsSql } from '../types/conforms-sql.js';
import { LEADING_ZERO_REGEX, URI_INFERENCE_REGEX } from '../types/lexical.js';
import { quoteLiteral } from '../sql/quote.js';

/** One type (and format) inference can choose. */
export interface Candidate {
  key: string;
  field: SchemaField;
}

const c = (type: FieldType, format?: string): Candidate => ({
  key: format ? `${type}:${format}` : type,
  field: format ? { name: '', type, format } : { name: '', type },
});

/** Candidates in order of preference: the first that (almost) every value fits wins. */
export const CANDIDATES: readonly Candidate[] = [
  c('boolean'),
  c('integer'),
  c('number'),
  c('date'),
  c('date', '%d/%m/%Y'),
  c('date', '%m/%d/%Y'),
  c('date', '%Y/%m/%d'),
  c('date', '%d.%m.%Y'),
  c('datetime'),
  c('time'),
  c('time', '%H:%M'),
  c('string', 'email'),
  c('string', 'uri'),
  c('string', 'uuid'),
];

/** Extra counts inference needs besides conformity: boolean words, numbers written with a leading zero. */
export const SIGNALS = {
  boolWords: (col: string) => `${col} IN ('true', 'false', 'True', 'False', 'TRUE', 'FALSE')`,
  leadingZero: (col: string) => `regexp_full_match(${col}, ${quoteLiteral(LEADING_ZERO_REGEX)})`,
} as const;

/** SQL boolean: the non-missing text fits the candidate (uri uses the stricter scheme:// shape). */
export function candidateSql(cand: Candidate, col: string): string {
  if (cand.key === 'string:uri') return `regexp_full_match(${col}, ${quoteLiteral(URI_INFERENCE_REGEX)})`;
  return conformsSql(cand.field, col);
}

/** True for candidates whose values have an order (min/max, quantiles, value histogram). */
export function isOrdered(type: FieldType): boolean {
  return type !== 'string' && type !== 'boolean';
}
