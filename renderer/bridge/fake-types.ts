// Strict text checks of Table Schema types and formats for the fake bridge: a value conforms when its text
// is exactly a value of the type (no lenient casts, as ARCHITECTURE §2.4 asks of the engine).

import type { FieldType, SchemaField } from '../../core/contract/schema.js';

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/;
const DATETIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const URI = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const TRUE = ['true', 'True', 'TRUE', '1'];
const FALSE = ['false', 'False', 'FALSE', '0'];

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** True when `v` is exactly a value of the field's type and format. */
export function conforms(
  v: string,
  field: Pick<SchemaField, 'type' | 'format' | 'trueValues' | 'falseValues'>,
): boolean {
  switch (field.type) {
    case 'integer':
      return INTEGER.test(v);
    case 'number':
      return NUMBER.test(v);
    case 'boolean':
      return (field.trueValues ?? TRUE).includes(v) || (field.falseValues ?? FALSE).includes(v);
    case 'date':
      return validDate(v);
    case 'time':
      return TIME.test(v);
    case 'datetime': {
      const m = DATETIME.exec(v);
      return !!m && validDate(m[1]!) && TIME.test(m[2]!);
    }
    case 'string':
      if (field.format === 'email') return EMAIL.test(v);
      if (field.format === 'uuid') return UUID.test(v);
      if (field.format === 'uri') return URI.test(v);
      return true;
  }
}

/** Orders values of a type for min/max: numbers numerically, dates and times as their ISO text. */
export function compareAs(type: FieldType, a: string, b: string | number): number {
  if (type === 'integer' || type === 'number') return Number(a) - Number(b);
  const bs = String(b);
  return a < bs ? -1 : a > bs ? 1 : 0;
}

const CANDIDATES: Pick<SchemaField, 'type' | 'format'>[] = [
  { type: 'boolean' },
  { type: 'integer' },
  { type: 'number' },
  { type: 'date' },
  { type: 'datetime' },
  { type: 'time' },
  { type: 'string', format: 'uuid' },
  { type: 'string', format: 'email' },
  { type: 'string', format: 'uri' },
];

/** The most specific type most values (≥ 90%) conform to, with the share that does. */
export function inferType(values: string[]): { type: FieldType; format?: string; confidence: number } {
  if (values.length === 0) return { type: 'string', confidence: 1 };
  for (const c of CANDIDATES) {
    const share = values.filter((v) => conforms(v, c)).length / values.length;
    if (share >= 0.9) return { ...c, confidence: share };
  }
  return { type: 'string', confidence: 1 };
}
