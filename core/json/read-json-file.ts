// One way to read a JSON file a person wrote (schema, pipeline, recipe): a missing file, an unreadable one
// and a syntax error all become AppErrors that name the file, the line and the column, and say what to do.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError, type ErrorCode } from '../contract/errors.js';
import { fileError } from '../project/file-errors.js';
import { jsonErrorOffset, lineColumn } from './json-position.js';

/** The parsed value and the text it came from (callers use the text to place later, semantic errors). */
export interface JsonFile {
  file: string;
  text: string;
  value: unknown;
}

/** Parses JSON text; a syntax error becomes `code` with file, line and column. */
export function parseJsonText(text: string, file: string, code: ErrorCode): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const at = jsonErrorOffset(text.replace(/^\uFEFF/, ''));
    const where = at >= 0 ? lineColumn(text, at) : undefined;
    throw new AppError(code, `Not valid JSON: ${(e as Error).message.replace(/\s*\n\s*/g, ' ')}`, {
      file,
      ...where,
      hint: 'Fix the JSON syntax at that place.',
    });
  }
}

/** Reads and parses a JSON file; see parseJsonText for the errors. */
export async function readJsonFile(path: string, code: ErrorCode): Promise<JsonFile> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw fileError(e, file);
  }
  return { file, text, value: parseJsonText(text, file, code) };
}
