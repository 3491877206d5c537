// Checks one field's `constraints` against its type: each constraint applies to some types only, and its
// values must be values of the field's type (read in the field's own format, or in the default ISO one).

import type { FieldConstraints, SchemaField } from '../contract/schema.js';
import { conforms, numericValue } from '../types/conforms.js';
import { describeType } from '../types/describe.js';
import { schemaError, type SchemaPlace } from './schema-error.js';

const RANGE_TYPES = ['integer', 'number', 'date', 'datetime', 'time'];
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a constraint value is a value of the field's type. */
function valueOk(field: SchemaField, v: unknown): boolean {
  const plain: SchemaField = { name: field.name, type: field.type };
  switch (field.type) {
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean' || (typeof v === 'string' && conforms(field, v));
    case 'integer':
      if (typeof v === 'number') return Number.isInteger(v);
      return typeof v === 'string' && (conforms(field, v) || conforms(plain, v));
    case 'number':
      if (typeof v === 'number') return Number.isFinite(v);
      return typeof v === 'string' && (conforms(field, v) || conforms(plain, v));
    default:
      return typeof v === 'string' && (conforms(field, v) || conforms(plain, v));
  }
}

/** "a number", "an integer", "a date in format %Y-%m-%d (or ISO)": what a constraint value must be. */
function expected(field: SchemaField): string {
  const base = describeType(field);
  return ['date', 'datetime', 'time'].includes(field.type) && field.format ? `${base} (or ISO 8601)` : base;
}

function numeric(field: SchemaField, v: unknown): number {
  if (typeof v === 'number') return v;
  const n = numericValue(field, String(v));
  return Number.isNaN(n) ? numericValue({ name: field.name, type: field.type }, String(v)) : n;
}

// RE2 (DuckDB) has no lookaround, backreferences or JS-style named groups.
const RE2_UNSUPPORTED = /\(\?<?[=!]|\(\?<[A-Za-z]|\\[1-9]|\\k</;

function checkPattern(place: SchemaPlace, pattern: unknown): void {
  if (typeof pattern !== 'string') throw schemaError(place, 'must be a string (a regular expression)');
  const hint =
    'Write the pattern in RE2 syntax (DuckDB): no lookaround, backreferences or (?<name>…) groups.';
  if (RE2_UNSUPPORTED.test(pattern))
    throw schemaError(place, `'${pattern}' uses a feature RE2 does not support`, hint);
  try {
    new RegExp(pattern);
  } catch (e) {
    throw schemaError(
      place,
      `'${pattern}' is not a valid regular expression (${(e as Error).message})`,
      hint,
    );
  }
}

function checkLength(place: SchemaPlace, field: SchemaField, v: unknown): void {
  if (field.type !== 'string') throw schemaError(place, `applies to strings only, not to type ${field.type}`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    throw schemaError(place, 'must be a non-negative integer');
  }
}

/** Validates `raw` as the constraints of `field`; returns a copy (unknown keys kept). */
export function parseConstraints(raw: unknown, field: SchemaField, place: SchemaPlace): FieldConstraints {
  const at = (key: string): SchemaPlace => ({ ...place, key: `constraints.${key}` });
  if (!isObject(raw)) throw schemaError({ ...place, key: 'constraints' }, 'must be an object');
  for (const key of ['required', 'unique'] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== 'boolean')
      throw schemaError(at(key), 'must be true or false');
  }
  for (const key of ['minimum', 'maximum'] as const) {
    if (raw[key] === undefined) continue;
    if (!RANGE_TYPES.includes(field.type)) {
      throw schemaError(
        at(key),
        `does not apply to type ${field.type}`,
        'Use minLength/maxLength or enum instead.',
      );
    }
    const noun = expected(field).replace(/^an? /, '');
    if (!valueOk(field, raw[key])) {
      throw schemaError(
        at(key),
        `must be ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun} for type ${field.type}`,
      );
    }
  }
  if (raw.minimum !== undefined && raw.maximum !== undefined && ['integer', 'number'].includes(field.type)) {
    const [lo, hi] = [numeric(field, raw.minimum), numeric(field, raw.maximum)];
    if (lo > hi) throw schemaError(at('minimum'), `(${lo}) is greater than maximum (${hi})`);
  }
  for (const key of ['minLength', 'maxLength'] as const) {
    if (raw[key] !== undefined) checkLength(at(key), field, raw[key]);
  }
  if (
    typeof raw.minLength === 'number' &&
    typeof raw.maxLength === 'number' &&
    raw.minLength > raw.maxLength
  ) {
    throw schemaError(at('minLength'), `(${raw.minLength}) is greater than maxLength (${raw.maxLength})`);
  }
  if (raw.pattern !== undefined) checkPattern(at('pattern'), raw.pattern);
  if (raw.enum !== undefined) {
    if (!Array.isArray(raw.enum) || raw.enum.length === 0)
      throw schemaError(at('enum'), 'must be a non-empty array');
    raw.enum.forEach((v: unknown, i) => {
      if (!valueOk(field, v)) {
        throw schemaError(
          at(`enum[${i}]`),
          `${JSON.stringify(v)} is not ${expected(field)} (type ${field.type})`,
        );
      }
    });
  }
  return { ...raw } as FieldConstraints;
}
