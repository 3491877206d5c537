// Schema checking and row validation for the fake bridge: the same rules the engine applies in SQL,
// applied in memory. Findings are ordered by line, then by column position.

import { AppError } from '../../core/contract/errors.js';
import type { FieldType, SchemaField, TableSchema } from '../../core/contract/schema.js';
import type { Finding, FindingsSummary } from '../../core/contract/validation.js';
import type { FakeTable } from './fake-profile.js';
import { compareAs, conforms } from './fake-types.js';

const TYPES: FieldType[] = ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'time'];
const CONSTRAINT_KEYS = [
  'required',
  'unique',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
];

function invalid(message: string, field: string | undefined, key: string): never {
  throw new AppError('SCHEMA_INVALID', message, { field, key, hint: 'Fix the schema and set it again.' });
}

/** Checks a schema from the user against the table's columns; returns it typed. */
export function checkSchema(input: unknown, columns: string[]): TableSchema {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    invalid('The schema must be a JSON object.', undefined, '');
  const s = input as Record<string, unknown>;
  if (!Array.isArray(s.fields)) invalid('The schema needs a "fields" array.', undefined, 'fields');
  const seen = new Set<string>();
  for (const [i, f] of (s.fields as unknown[]).entries()) {
    if (typeof f !== 'object' || f === null)
      invalid(`Field ${i + 1} is not an object.`, undefined, `fields[${i}]`);
    const field = f as Record<string, unknown>;
    const name = field.name;
    if (typeof name !== 'string' || name === '') invalid(`Field ${i + 1} has no name.`, undefined, 'name');
    if (!columns.includes(name)) invalid(`Field '${name}' is not a column of the data.`, name, 'name');
    if (seen.has(name)) invalid(`Field '${name}' appears twice.`, name, 'name');
    seen.add(name);
    if (!TYPES.includes(field.type as FieldType))
      invalid(`Field '${name}' has unknown type '${String(field.type)}'.`, name, 'type');
    const c = field.constraints;
    if (c === undefined) continue;
    if (typeof c !== 'object' || c === null)
      invalid(`Constraints of '${name}' must be an object.`, name, 'constraints');
    for (const key of Object.keys(c)) {
      if (!CONSTRAINT_KEYS.includes(key))
        invalid(`Field '${name}' has unknown constraint '${key}'.`, name, key);
    }
    const { pattern, enum: values } = c as Record<string, unknown>;
    if (pattern !== undefined) {
      try {
        new RegExp(String(pattern), 'u');
      } catch {
        invalid(`Field '${name}' has an invalid pattern.`, name, 'pattern');
      }
    }
    if (values !== undefined && !Array.isArray(values))
      invalid(`The enum of '${name}' must be a list.`, name, 'enum');
  }
  const pk = s.primaryKey === undefined ? [] : Array.isArray(s.primaryKey) ? s.primaryKey : [s.primaryKey];
  for (const k of pk)
    if (!seen.has(k as string))
      invalid(`Primary key names unknown field '${String(k)}'.`, String(k), 'primaryKey');
  return input as TableSchema;
}

function fieldFindings(
  t: FakeTable,
  field: SchemaField,
  col: number,
  missing: Set<string>,
  out: Finding[][],
): void {
  const c = field.constraints ?? {};
  const pattern = c.pattern !== undefined ? new RegExp(`^(?:${c.pattern})$`, 'u') : null;
  const enumText = c.enum?.map(String);
  const firstSeen = new Set<string>();
  t.rows.forEach((row, r) => {
    const v = row[col] ?? null;
    const add = (rule: Finding['rule'], message: string) =>
      out[r]!.push({ line: t.lines[r]!, column: field.name, rule, value: v, message });
    if (v === null || missing.has(v)) {
      if (c.required) add('required', `${field.name} is required.`);
      return;
    }
    if (!conforms(v, field))
      return add(
        'type',
        `'${v}' is not a valid ${field.format && field.format !== 'default' ? field.format : field.type}.`,
      );
    if (c.unique) {
      if (firstSeen.has(v)) add('unique', `'${v}' appears more than once.`);
      firstSeen.add(v);
    }
    if (c.minimum !== undefined && compareAs(field.type, v, c.minimum) < 0)
      add('minimum', `${v} is below the minimum ${c.minimum}.`);
    if (c.maximum !== undefined && compareAs(field.type, v, c.maximum) > 0)
      add('maximum', `${v} is above the maximum ${c.maximum}.`);
    if (c.minLength !== undefined && [...v].length < c.minLength)
      add('minLength', `Shorter than ${c.minLength} characters.`);
    if (c.maxLength !== undefined && [...v].length > c.maxLength)
      add('maxLength', `Longer than ${c.maxLength} characters.`);
    if (pattern && !pattern.test(v)) add('pattern', `'${v}' does not match ${c.pattern}.`);
    if (enumText && !enumText.includes(v)) add('enum', `'${v}' is not one of ${enumText.join(', ')}.`);
  });
}

/** Every finding of the table against the schema, ordered by line then column. */
export function validateTable(t: FakeTable, schema: TableSchema): Finding[] {
  const missing = new Set(schema.missingValues ?? ['']);
  const perRow: Finding[][] = t.rows.map(() => []);
  for (const field of schema.fields) {
    const col = t.columns.indexOf(field.name);
    if (col >= 0) fieldFindings(t, field, col, missing, perRow);
  }
  const pk =
    schema.primaryKey === undefined
      ? []
      : Array.isArray(schema.primaryKey)
        ? schema.primaryKey
        : [schema.primaryKey];
  if (pk.length) {
    const cols = pk.map((k) => t.columns.indexOf(k));
    const seen = new Set<string>();
    t.rows.forEach((row, r) => {
      const key = JSON.stringify(cols.map((c) => row[c] ?? null));
      if (seen.has(key))
        perRow[r]!.push({
          line: t.lines[r]!,
          column: pk[0]!,
          rule: 'primaryKey',
          value: row[cols[0]!] ?? null,
          message: `Primary key ${key} is duplicated.`,
        });
      seen.add(key);
    });
  }
  return perRow.flat();
}

/** Counts findings per column and rule. */
export function summarize(findings: Finding[], rows: number, rejectedLines: number): FindingsSummary {
  const byColumn: FindingsSummary['byColumn'] = {};
  const lines = new Set<number>();
  for (const f of findings) {
    const col = (byColumn[f.column] ??= {});
    col[f.rule] = (col[f.rule] ?? 0) + 1;
    lines.add(f.line);
  }
  return { rows, rejectedLines, total: findings.length, rowsWithFindings: lines.size, byColumn };
}
