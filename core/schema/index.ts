// Frictionless Table Schema: inferred from a profile, parsed from untrusted JSON, read from and written to files.

export { inferSchema, isIdLike } from './infer-schema.js';
export { parseSchema } from './parse-schema.js';
export { readSchemaFile, writeSchemaFile } from './schema-file.js';
export { FIELD_TYPES } from './parse-field.js';
