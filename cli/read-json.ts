// Reads a JSON file given on the command line, with errors that say where (line, column) and what to do.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError, type ErrorCode } from '../core/contract/errors.js';
import { fileError } from '../core/project/file-errors.js';

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** Parses a JSON file; a syntax error becomes `code` (e.g. SCHEMA_INVALID) with file, line and column. */
export async function readJsonFile(path: string, code: ErrorCode): Promise<unknown> {
  const abs = resolve(path);
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (e) {
    throw fileError(e, abs);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const where = m ? lineColumn(text, Number(m[1])) : {};
    throw new AppError(code, `Not valid JSON: ${(e as Error).message}`, {
      file: abs,
      ...where,
      hint: 'Fix the JSON syntax.',
    });
  }
}
