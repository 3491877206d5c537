// Schema files: JSON, 2-space indented, written atomically (temp file + rename) so a crash never leaves half
// a schema behind.

import { readFile, rename, writeFile } from 'node:fs/promises';
import type { TableSchema } from '../contract/schema.js';
import { AppError } from '../contract/errors.js';
import { parseSchema } from './parse-schema.js';
import { schemaError } from './schema-error.js';

/** "line 3, column 5" from a JSON.parse message that has a position, or ''. */
function jsonPlace(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

/** Reads and validates a Table Schema JSON file. */
export async function readSchemaFile(path: string): Promise<TableSchema> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new AppError('FILE_NOT_FOUND', `Schema file not found: ${path}`, {
        file: path,
        hint: 'Check the path.',
      });
    }
    throw new AppError('FILE_UNREADABLE', `Cannot read schema file: ${(e as Error).message}`, { file: path });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const msg = (e as Error).message;
    throw schemaError(
      { file: path },
      `The schema file is not valid JSON${jsonPlace(text, msg)}: ${msg}`,
      'Fix the JSON syntax.',
    );
  }
  return parseSchema(json, path);
}

/** Writes a Table Schema as 2-space JSON with a final newline. */
export async function writeSchemaFile(path: string, schema: TableSchema): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(schema, null, 2)}\n`, 'utf8');
  await rename(tmp, path);
}
