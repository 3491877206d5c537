// What a single CSV cell looks like. Dialect detection uses it twice: a delimiter that cuts cells into clean
// values is more likely right, and a header row differs in type from the rows below it.

/** The coarse type of a cell's text. */
export type CellType =
  'empty' | 'integer' | 'number' | 'date' | 'datetime' | 'time' | 'boolean' | 'email' | 'url' | 'text';

const INTEGER = /^[+-]?\d+$/;
// Decimal point or decimal comma, optional exponent; or digit groups of three (1,234.5 · 1.234,5 · 1 234).
const NUMBER =
  /^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?$|^[+-]?\d{1,3}(?:[,. '’]\d{3})+(?:[.,]\d+)?$/;
const MONEY_OR_PERCENT = /^[$€£¥]\s?|\s?(?:%|[$€£¥]|EUR|USD)$/g;
const DATE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))$/;
const TIME = /^\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?[AaPp][Mm])?$/;
const ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/;
const BOOLEAN = /^(?:true|false|yes|no)$/i;
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;
const URL = /^https?:\/\/\S+$/i;

/** Classifies a cell's text (surrounding whitespace ignored). */
export function cellType(raw: string): CellType {
  const s = raw.trim();
  if (s === '') return 'empty';
  if (INTEGER.test(s)) return 'integer';
  if (NUMBER.test(s) || NUMBER.test(s.replace(MONEY_OR_PERCENT, ''))) return 'number';
  if (DATE.test(s)) return 'date';
  if (TIME.test(s)) return 'time';
  const t = s.search(/[T ]/);
  if (t > 0 && DATE.test(s.slice(0, t)) && TIME.test(s.slice(t + 1).replace(ZONE, ''))) return 'datetime';
  if (BOOLEAN.test(s)) return 'boolean';
  if (EMAIL.test(s)) return 'email';
  if (URL.test(s)) return 'url';
  return 'text';
}

/** True for types whose text is a number, date or time (what a header cell almost never is). */
export function isValueLike(t: CellType): boolean {
  return t === 'integer' || t === 'number' || t === 'date' || t === 'datetime' || t === 'time';
}
