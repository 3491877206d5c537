// Binds schema fields to table columns. A field the table lacks is a schema error (the user named a column
// that is not there); table columns the schema does not mention are not validated, as in Frictionless, where
// a schema describes the fields it lists.

import type { TableSchema } from '../contract/schema.js';
import { AppError } from '../contract/errors.js';
import { LINE_COLUMN } from '../workspace/tables.js';
import type { BoundField } from './compile-query.js';

/** Pairs each field with its column (exact name first, else the one differing only in case, as DuckDB does). */
export function bindFields(schema: TableSchema, columns: readonly string[]): BoundField[] {
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const bound: BoundField[] = [];
  const missing: string[] = [];
  schema.fields.forEach((field, i) => {
    const column = columns.includes(field.name) ? field.name : byLower.get(field.name.toLowerCase());
    if (column === undefined) missing.push(`field ${i + 1} ('${field.name}')`);
    else bound.push({ field, column });
  });
  if (missing.length) {
    const names = columns.filter((c) => c !== LINE_COLUMN);
    const shown = names.slice(0, 20).join(', ') + (names.length > 20 ? `, … (${names.length} columns)` : '');
    throw new AppError(
      'SCHEMA_INVALID',
      `${missing.join(', ')} ${missing.length > 1 ? 'are not columns' : 'is not a column'} of the table`,
      {
        field: schema.fields.find((f) => !bound.some((b) => b.field === f))?.name,
        key: 'name',
        hint: `Rename the field to one of the table's columns: ${shown}.`,
      },
    );
  }
  return bound;
}
