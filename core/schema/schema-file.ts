// Schema files: JSON, 2-space indented, written atomically (temp file + rename) so a crash never leaves half
// a schema behind.

import { rename, writeFile } from 'node:fs/promises';
import type { TableSchema } from '../contract/schema.js';
import { parseSchema } from './parse-schema.js';
import { readJsonFile } from '../json/read-json-file.js';

/** Reads and validates a Table Schema JSON file. */
export async function readSchemaFile(path: string): Promise<TableSchema> {
  const { file, value } = await readJsonFile(path, 'SCHEMA_INVALID');
  return parseSchema(value, file);
}

/** Writes a Table Schema as 2-space JSON with a final newline. */
export async function writeSchemaFile(path: string, schema: TableSchema): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(schema, null, 2)}\n`, 'utf8');
  await rename(tmp, path);
}
