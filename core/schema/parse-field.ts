// Checks one Table Schema field: name, type, format, type options and constraints. Unknown keys are kept.

import type { FieldType, SchemaField } from '../contract/schema.js';
import { recognizer } from '../types/lexical.js';
import { parseConstraints } from './parse-constraints.js';
import { schemaError, type SchemaPlace } from './schema-error.js';

/** Types Sluice validates. */
export const FIELD_TYPES: readonly FieldType[] = [
  'string',
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'time',
];

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

function checkOptions(raw: Record<string, unknown>, place: SchemaPlace): void {
  const at = (key: string): SchemaPlace => ({ ...place, key });
  for (const key of ['trueValues', 'falseValues']) {
    if (raw[key] === undefined) continue;
    if (!isStringArray(raw[key]) || raw[key].length === 0)
      throw schemaError(at(key), 'must be a non-empty array of strings');
  }
  if (isStringArray(raw.trueValues) && isStringArray(raw.falseValues)) {
    const both = raw.trueValues.find((t) => (raw.falseValues as string[]).includes(t));
    if (both !== undefined) throw schemaError(at('falseValues'), `'${both}' is also in trueValues`);
  }
  for (const key of ['decimalChar', 'groupChar']) {
    if (raw[key] !== undefined && (typeof raw[key] !== 'string' || raw[key] === '')) {
      throw schemaError(at(key), 'must be a non-empty string');
    }
  }
  if (raw.decimalChar !== undefined && raw.decimalChar === raw.groupChar) {
    throw schemaError(at('groupChar'), `must differ from decimalChar ('${String(raw.decimalChar)}')`);
  }
  for (const key of ['decimalChar', 'groupChar']) {
    if (typeof raw[key] === 'string' && /[0-9+\-eE]/.test(raw[key])) {
      throw schemaError(at(key), 'cannot contain digits, signs or e');
    }
  }
  if (raw.bareNumber !== undefined && typeof raw.bareNumber !== 'boolean') {
    throw schemaError(at('bareNumber'), 'must be true or false');
  }
  for (const key of ['title', 'description']) {
    if (raw[key] !== undefined && typeof raw[key] !== 'string')
      throw schemaError(at(key), 'must be a string');
  }
}

function checkFormat(field: SchemaField, place: SchemaPlace): void {
  const at: SchemaPlace = { ...place, key: 'format' };
  if (field.format === undefined) return;
  if (typeof field.format !== 'string') throw schemaError(at, 'must be a string');
  if (['integer', 'number', 'boolean'].includes(field.type) && field.format !== 'default') {
    throw schemaError(at, `'${field.format}' is not a format of type ${field.type} (only 'default')`);
  }
  try {
    recognizer(field);
  } catch (e) {
    const hint = ['date', 'datetime', 'time'].includes(field.type)
      ? "Use 'default' (ISO 8601), 'any' or a strptime pattern such as %d/%m/%Y."
      : 'Use default, email, uri, uuid or binary.';
    throw schemaError(at, (e as Error).message, hint);
  }
}

/** Validates `raw` as the field at `index` (0-based); returns a copy with `type` defaulted to string. */
export function parseField(raw: unknown, index: number, file?: string): SchemaField {
  const place: SchemaPlace = { file, index };
  if (!isObject(raw)) throw schemaError(place, 'must be an object with at least a name');
  if (typeof raw.name !== 'string' || raw.name === '') {
    throw schemaError({ ...place, key: 'name' }, 'must be a non-empty string');
  }
  const named: SchemaPlace = { ...place, name: raw.name };
  const type = raw.type ?? 'string';
  if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type)) {
    throw schemaError(
      { ...named, key: 'type' },
      `${JSON.stringify(type)} is not supported`,
      `Use one of ${FIELD_TYPES.join(', ')} (string accepts any text).`,
    );
  }
  const field: SchemaField = { ...raw, name: raw.name, type: type as FieldType };
  checkOptions(raw, named);
  checkFormat(field, named);
  if (raw.constraints !== undefined) field.constraints = parseConstraints(raw.constraints, field, named);
  return field;
}
