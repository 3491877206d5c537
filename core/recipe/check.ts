// A dry run of a whole recipe on empty copies of the input: every step compiles and binds in milliseconds, so a
// replay on the next file fails before any work (a missing column names its step) instead of after minutes.

import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { Recipe } from '../contract/recipe.js';
import { quoteIdent } from '../sql/quote.js';
import { CHANGED_FLAG } from './compile-types.js';
import { compileOp } from './compile.js';
import { stepContext, type RecipeEnv } from './context.js';
import { stepError } from './stage-sql.js';
import { tableColumns } from './stage-store.js';

/** Checks every enabled step from index `from` over an empty table shaped like `input`; throws the first problem. */
export async function checkRecipe(
  conn: DuckDBConnection,
  env: RecipeEnv,
  input: string,
  recipe: Recipe,
  opts: { from?: number; upTo?: number } = {},
): Promise<void> {
  const tag = randomBytes(4).toString('hex');
  const made: string[] = [];
  const temp = async (sql: string) => {
    const name = `__sluice_check_${tag}_${made.length}`;
    made.push(name);
    await conn.run(`CREATE TEMP TABLE ${quoteIdent(name)} AS ${sql}`);
    return name;
  };
  try {
    let current = await temp(`SELECT * FROM ${quoteIdent(input)} LIMIT 0`);
    const end = Math.min(opts.upTo ?? recipe.steps.length, recipe.steps.length);
    for (let i = opts.from ?? 0; i < end; i++) {
      const step = recipe.steps[i];
      if (!step?.enabled) continue;
      const ctx = await stepContext(conn, env, current, step, i, { temporary: true });
      const compiled = await compileOp(conn, ctx, step.op);
      try {
        current = await temp(compiled.sql);
      } catch (e) {
        throw stepError(ctx, e);
      }
      if (compiled.changed === 'flag')
        await conn.run(`ALTER TABLE ${quoteIdent(current)} DROP COLUMN ${quoteIdent(CHANGED_FLAG)}`);
      // Columns come from the catalog, so derived columns get their real type for the next step.
      await tableColumns(conn, current, true);
    }
  } finally {
    for (const t of made)
      await conn.run(`DROP TABLE IF EXISTS temp.main.${quoteIdent(t)}`).catch(() => undefined);
  }
}
