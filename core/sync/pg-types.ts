// Table Schema field types to PostgreSQL column types, and which existing column types can take a field.
//
//   integer  → bigint             number  → double precision (or numeric, option `number: 'numeric'`)
//   boolean  → boolean            date    → date
//   datetime → timestamptz (or timestamp, option `datetime: 'timestamp'`; values without an offset are read
//              in the session time zone, UTC)
//   time     → time               string  → text
//   embedding (a FLOAT[]/DOUBLE[] column in the workspace) → vector(n) when pgvector is installed, else real[]
//
// bigint and double precision rather than integer/real: a CSV column validated as integer may hold any 64-bit
// value, and double precision keeps what DuckDB and JavaScript keep.

import type { FieldType } from '../contract/schema.js';

/** A field type plus the workspace-only embedding type. */
export type SourceType = FieldType | 'embedding';

/** Type choices the user can make. */
export interface TypeOptions {
  number?: 'double precision' | 'numeric';
  datetime?: 'timestamptz' | 'timestamp';
}

/** The PostgreSQL type a new column gets. */
export function pgTypeFor(
  type: SourceType,
  opts: TypeOptions = {},
  embedding?: { dims?: number; pgvector: boolean },
): string {
  switch (type) {
    case 'integer':
      return 'bigint';
    case 'number':
      return opts.number ?? 'double precision';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return opts.datetime === 'timestamp' ? 'timestamp without time zone' : 'timestamp with time zone';
    case 'time':
      return 'time without time zone';
    case 'string':
      return 'text';
    case 'embedding':
      return embedding?.pgvector && embedding.dims ? `vector(${embedding.dims})` : 'real[]';
  }
}

/** ok: takes every valid value; narrowing: takes most (out-of-range values are rejected per row); no: never. */
export type Compatibility = 'ok' | 'narrowing' | 'no';

const TEXTUAL = /^(text|character varying|varchar|character|char|citext|name)\b/;

/** Whether an existing column of type `pgType` (as format_type prints it) can take values of `type`. */
export function compatibility(type: SourceType, pgType: string): Compatibility {
  const t = pgType.toLowerCase();
  // Text columns take anything; a length limit rejects long values row by row.
  if (TEXTUAL.test(t)) return /\(\d+\)/.test(t) ? 'narrowing' : 'ok';
  switch (type) {
    case 'integer':
      if (t === 'bigint' || t === 'numeric') return 'ok';
      return /^(integer|smallint|double precision|real|numeric\()/.test(t) ? 'narrowing' : 'no';
    case 'number':
      if (t === 'double precision' || t === 'numeric') return 'ok';
      if (t === 'real' || t.startsWith('numeric(')) return 'narrowing';
      return 'no';
    case 'boolean':
      return t === 'boolean' ? 'ok' : 'no';
    case 'date':
      return t === 'date' || t.startsWith('timestamp') ? 'ok' : 'no';
    case 'datetime':
      return t.startsWith('timestamp') ? 'ok' : t === 'date' ? 'narrowing' : 'no';
    case 'time':
      return t.startsWith('time ') || t === 'time' ? 'ok' : 'no';
    case 'string':
      // PostgreSQL parses the text: uuid, json, enums, inet… take valid strings and reject the rest per row.
      return 'narrowing';
    case 'embedding':
      return t.startsWith('vector') || t === 'real[]' || t === 'double precision[]' || t === 'numeric[]'
        ? 'ok'
        : 'no';
  }
}
