// One way to say a schema is malformed: which field (1-based position and name), which key, what to do.

import { AppError } from '../contract/errors.js';

/** Where in the schema a problem is. */
export interface SchemaPlace {
  file?: string;
  /** 0-based position in `fields`, when the problem is inside a field. */
  index?: number;
  name?: string;
  /** The key path, e.g. `constraints.minimum`. */
  key?: string;
}

/** A SCHEMA_INVALID error: "field 3 ('price'): constraints.minimum must be a number for type number". */
export function schemaError(place: SchemaPlace, problem: string, hint?: string): AppError {
  let where = '';
  if (place.index !== undefined) {
    where = `field ${place.index + 1}${place.name !== undefined ? ` ('${place.name}')` : ''}: `;
  }
  const key = place.key ? `${place.key} ` : '';
  const details: Record<string, unknown> = {};
  if (place.file !== undefined) details.file = place.file;
  if (place.index !== undefined) details.field = place.name ?? place.index + 1;
  if (place.key !== undefined) details.key = place.key;
  if (hint !== undefined) details.hint = hint;
  return new AppError('SCHEMA_INVALID', `${where}${key}${problem}`, details);
}
