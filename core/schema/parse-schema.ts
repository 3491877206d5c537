// Reads a Frictionless Table Schema from untrusted JSON: every problem is a SCHEMA_INVALID naming the field
// (position and name) and the key, so a user can fix the file without guessing. Unknown keys are kept.

import type { TableSchema } from '../contract/schema.js';
import { parseField } from './parse-field.js';
import { schemaError } from './schema-error.js';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function parsePrimaryKey(raw: unknown, names: Set<string>, file?: string): string | string[] {
  const at = { file, key: 'primaryKey' };
  const keys = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'string')) {
    throw schemaError(at, 'must be a field name or a non-empty array of field names');
  }
  for (const k of keys as string[]) {
    if (!names.has(k))
      throw schemaError(at, `names '${k}', which is not a field`, 'List names from fields[].name.');
  }
  if (new Set(keys).size !== keys.length) throw schemaError(at, 'names a field twice');
  return typeof raw === 'string' ? raw : [...(keys as string[])];
}

/** Validates `json` as a Table Schema; `source` (a file path) goes into error details. */
export function parseSchema(json: unknown, source?: string): TableSchema {
  if (!isObject(json))
    throw schemaError({ file: source }, 'A Table Schema must be a JSON object with "fields".');
  if (!Array.isArray(json.fields)) {
    throw schemaError({ file: source, key: 'fields' }, 'must be an array of field descriptors');
  }
  const fields = json.fields.map((f, i) => parseField(f, i, source));
  // DuckDB column names compare case-insensitively, so 'Price' and 'price' would be the same column.
  const seen = new Map<string, number>();
  fields.forEach((f, i) => {
    const prev = seen.get(f.name.toLowerCase());
    if (prev !== undefined) {
      throw schemaError(
        { file: source, index: i, name: f.name, key: 'name' },
        `duplicates field ${prev + 1}`,
      );
    }
    seen.set(f.name.toLowerCase(), i);
  });
  const schema: TableSchema = { ...json, fields };
  if (json.missingValues !== undefined) {
    const mv = json.missingValues;
    if (!Array.isArray(mv) || !mv.every((v) => typeof v === 'string')) {
      throw schemaError({ file: source, key: 'missingValues' }, 'must be an array of strings');
    }
    schema.missingValues = [...mv];
  }
  if (json.primaryKey !== undefined) {
    schema.primaryKey = parsePrimaryKey(json.primaryKey, new Set(fields.map((f) => f.name)), source);
  }
  return schema;
}
