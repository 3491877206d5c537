// The working recipe of each dataset (steps and undo position) lives in the workspace, so closing the app
// and opening the project again finds it where it was.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { Recipe } from '../contract/recipe.js';
import { parseRecipe } from './parse-recipe.js';

const TABLE = 'sluice_recipe_sessions';

/** A saved working recipe. */
export interface SavedSession {
  recipe: Recipe;
  cursor: number;
}

/** Creates the table if missing. */
export async function ensureSessionTable(conn: DuckDBConnection): Promise<void> {
  await conn.run(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (dataset_id VARCHAR NOT NULL, recipe VARCHAR NOT NULL, cursor INTEGER NOT NULL, updated_at TIMESTAMP NOT NULL)`,
  );
}

/** The saved working recipe of a dataset, or null. */
export async function loadSession(conn: DuckDBConnection, datasetId: string): Promise<SavedSession | null> {
  await ensureSessionTable(conn);
  const r = await conn.runAndReadAll(`SELECT recipe, cursor FROM ${TABLE} WHERE dataset_id = $1`, [
    datasetId,
  ]);
  const row = r.getRowObjectsJS()[0];
  if (!row) return null;
  const recipe = parseRecipe(String(row.recipe));
  return { recipe, cursor: Math.min(Number(row.cursor), recipe.steps.length) };
}

/** Saves (replaces) the working recipe of a dataset. */
export async function saveSession(conn: DuckDBConnection, datasetId: string, s: SavedSession): Promise<void> {
  await ensureSessionTable(conn);
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run(`DELETE FROM ${TABLE} WHERE dataset_id = $1`, [datasetId]);
    await conn.run(`INSERT INTO ${TABLE} VALUES ($1, $2, $3, now())`, [
      datasetId,
      JSON.stringify(s.recipe),
      s.cursor,
    ]);
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}
