// The JS twin of conforms-sql.ts: the same recognizers applied to one value, for places without DuckDB (schema
// checks of constraint values, a single edited cell) and as an oracle in tests. Calendar validity, which SQL
// gets from DuckDB's casts, is checked here by hand.

import type { SchemaField } from '../contract/schema.js';
import { DEFAULT_MISSING_VALUES, recognizer, type Recognizer, type TemporalForm } from './lexical.js';
import type { DateComponent } from './strftime.js';

const cache = new Map<string, RegExp>();
/** The anchored JS RegExp of a recognizer regex (cached). */
export function anchored(regex: string): RegExp {
  let re = cache.get(regex);
  if (!re) {
    re = new RegExp(`^(?:${regex})$`, 'u');
    cache.set(regex, re);
  }
  return re;
}

/** True when the cell is missing: null, or one of the missing values (default ['']). */
export function isMissing(
  value: string | null,
  missingValues: readonly string[] = DEFAULT_MISSING_VALUES,
): boolean {
  return value === null || missingValues.includes(value);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (y: number, m: number) =>
  [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;

function monthOf(name: string): number {
  const n = name.toLowerCase();
  const i = n.length === 3 ? MONTHS.indexOf(n) : MONTH_NAMES.indexOf(n);
  return i + 1;
}

/** Checks the captured components form a real date and time (what DuckDB's strptime/casts check). */
function calendarOk(form: TemporalForm, m: RegExpExecArray): boolean {
  const got = new Map<DateComponent, string>();
  form.components.forEach((c, i) => {
    const v = m[i + 1];
    if (c && v !== undefined && !got.has(c)) got.set(c, v);
  });
  const num = (c: DateComponent) => (got.has(c) ? Number(got.get(c)) : undefined);
  const yy = num('y');
  // Two-digit years: 00-68 → 20xx, 69-99 → 19xx; only the century matters here, for leap years.
  const year = num('Y') ?? (yy === undefined ? 1900 : yy < 69 ? 2000 + yy : 1900 + yy);
  const month = got.has('b') ? monthOf(got.get('b') as string) : (num('m') ?? 1);
  if (month < 1 || month > 12) return false;
  const day = num('d');
  if (day !== undefined && (day < 1 || day > daysIn(year, month))) return false;
  const doy = num('j');
  if (doy !== undefined && (doy < 1 || doy > (isLeap(year) ? 366 : 365))) return false;
  const wd = got.get('a')?.toLowerCase();
  if (wd !== undefined && !DAYS.includes(wd) && !DAY_NAMES.includes(wd)) return false;
  const h = num('H');
  if (h !== undefined && h > 23 && !(form.allow24 && h === 24)) return false;
  const h12 = num('I');
  if (h12 !== undefined && (h12 < 1 || h12 > 12)) return false;
  if ((num('M') ?? 0) > 59 || (num('S') ?? 0) > 59) return false;
  return true;
}

// HUGEINT, DuckDB's integer type for validation: values beyond it do not conform.
const HUGEINT_MAX = (1n << 127n) - 1n;

function cleanNumber(r: Extract<Recognizer, { type: 'integer' | 'number' }>, value: string): string {
  let text = r.bare ? value : ((new RegExp(`^(?:${r.extract})$`, 'u').exec(value)?.[1] ?? '') as string);
  if (r.groupChar) text = text.split(r.groupChar).join('');
  if (r.decimalChar !== '.') text = text.split(r.decimalChar).join('.');
  return text;
}

/** True when a (non-missing) value conforms to a recognizer. */
export function conformsTo(r: Recognizer, value: string): boolean {
  switch (r.type) {
    case 'boolean':
      return r.trueValues.includes(value) || r.falseValues.includes(value);
    case 'string':
      return r.regex === null || anchored(r.regex).test(value);
    case 'integer': {
      if (!anchored(r.regex).test(value)) return false;
      const n = BigInt(cleanNumber(r, value));
      return n <= HUGEINT_MAX && n >= -HUGEINT_MAX - 1n;
    }
    case 'number':
      return anchored(r.regex).test(value);
    default:
      return r.forms.some((f) => {
        const m = anchored(f.regex).exec(value);
        return m !== null && calendarOk(f, m);
      });
  }
}

/** True when a (non-missing) value is valid for the field's type and format. */
export function conforms(field: SchemaField, value: string): boolean {
  return conformsTo(recognizer(field), value);
}

/** The numeric value of a conforming integer/number text (for schema checks), NaN otherwise. */
export function numericValue(field: SchemaField, value: string): number {
  const r = recognizer(field);
  if ((r.type !== 'integer' && r.type !== 'number') || !conformsTo(r, value)) return NaN;
  const t = cleanNumber(r, value).toLowerCase();
  return t.endsWith('inf') ? (t.startsWith('-') ? -Infinity : Infinity) : Number(t);
}
