// Recipe files: JSON, 2-space indented, written atomically (temp file + rename); read with the file named in
// every error, so `recipe.import` and `sluice recipe apply` say which file is wrong and where.

import { rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../contract/errors.js';
import type { Recipe } from '../contract/recipe.js';
import { readJsonFile } from '../json/read-json-file.js';
import { parseRecipe } from '../recipe/index.js';

/** Reads and checks a recipe file (RECIPE_INVALID naming the file and the offending field). */
export async function readRecipeFile(path: string): Promise<Recipe> {
  const { file, value } = await readJsonFile(path, 'RECIPE_INVALID');
  try {
    return parseRecipe(value);
  } catch (e) {
    if (e instanceof AppError) e.details.file ??= file;
    throw e;
  }
}

/** Writes a recipe as 2-space JSON with a final newline; returns the absolute path. */
export async function writeRecipeFile(path: string, recipe: Recipe): Promise<string> {
  const file = resolve(path);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(recipe, null, 2)}\n`, 'utf8');
  await rename(tmp, file);
  return file;
}
