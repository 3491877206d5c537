// Frictionless Table Schema (https://specs.frictionlessdata.io/table-schema/), the subset Sluice reads and
// writes. Unknown keys are preserved on round trip by the schema module, not declared here.

/** Field types Sluice infers and validates. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'time';

/** String formats Sluice infers and validates. */
export type StringFormat = 'default' | 'email' | 'uri' | 'uuid';

/** Table Schema constraints. */
export interface FieldConstraints {
  required?: boolean;
  unique?: boolean;
  minimum?: number | string;
  maximum?: number | string;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: (string | number | boolean)[];
}

/** One field of a Table Schema. */
export interface SchemaField {
  name: string;
  type: FieldType;
  /** For strings: email, uri, uuid, default. For dates/times: 'default', 'any' or a strftime pattern. */
  format?: string;
  title?: string;
  description?: string;
  constraints?: FieldConstraints;
  /** Boolean tokens (Table Schema defaults: true/True/TRUE/1 and false/False/FALSE/0). */
  trueValues?: string[];
  falseValues?: string[];
  /** Number parsing options. */
  decimalChar?: string;
  groupChar?: string;
  bareNumber?: boolean;
  [key: string]: unknown;
}

/** A Frictionless Table Schema. */
export interface TableSchema {
  fields: SchemaField[];
  primaryKey?: string | string[];
  /** Strings read as missing; Table Schema's default is [""]. */
  missingValues?: string[];
  [key: string]: unknown;
}
