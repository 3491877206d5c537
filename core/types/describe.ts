// What a field's type expects, in words, for finding messages ("'12/31/2024' is not a date in format %Y-%m-%d").

import type { SchemaField } from '../contract/schema.js';
import { DEFAULT_FALSE_VALUES, DEFAULT_TRUE_VALUES } from './lexical.js';
import { stripFmtPrefix } from './strftime.js';

const STRING_FORMATS: Record<string, string> = {
  email: 'an email address',
  uri: 'a URI (scheme:…)',
  uuid: 'a UUID',
  binary: 'base64 data',
};

function temporal(field: SchemaField, noun: string, iso: string): string {
  const f = field.format;
  if (f === undefined || f === '' || f === 'default') return `${noun} in format ${iso}`;
  if (f === 'any') return `${noun} in a recognised format`;
  return `${noun} in format ${stripFmtPrefix(f)}`;
}

function numeric(field: SchemaField, noun: string): string {
  const notes: string[] = [];
  if (field.type === 'number' && field.decimalChar && field.decimalChar !== '.') {
    notes.push(`decimal mark '${field.decimalChar}'`);
  }
  if (field.groupChar) notes.push(`digit groups '${field.groupChar}'`);
  if (field.bareNumber === false) notes.push('text around it allowed');
  return notes.length ? `${noun} (${notes.join(', ')})` : noun;
}

/** "an integer", "a date in format %d/%m/%Y", … — what a valid value of the field looks like. */
export function describeType(field: SchemaField): string {
  switch (field.type) {
    case 'boolean': {
      const t = (field.trueValues ?? DEFAULT_TRUE_VALUES).join(', ');
      const f = (field.falseValues ?? DEFAULT_FALSE_VALUES).join(', ');
      return `a boolean (true: ${t}; false: ${f})`;
    }
    case 'integer':
      return numeric(field, 'an integer');
    case 'number':
      return numeric(field, 'a number');
    case 'date':
      return temporal(field, 'a date', '%Y-%m-%d');
    case 'datetime':
      return temporal(field, 'a datetime', 'ISO 8601 (YYYY-MM-DDThh:mm:ss[.f][Z|±hh:mm])');
    case 'time':
      return temporal(field, 'a time', 'hh:mm:ss[.f]');
    default:
      return STRING_FORMATS[field.format ?? ''] ?? 'a string';
  }
}
