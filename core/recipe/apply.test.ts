import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyRecipe, type RecipeProgress } from './apply.js';
import { collectStageGarbage } from './gc.js';
import { createSource, openTestDb, readTable, recipeOf, type TestDb } from './test-helpers.js';

let t: TestDb;
const ID = 'ap';
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['d', 'n'],
    [
      ['01/02/2024', '1.000,5'],
      [' 2024-03-04', 'x'],
    ],
  );
});
afterEach(() => t.close());

const recipe = recipeOf(
  { op: 'trim', columns: ['d'] },
  { op: 'parseDate', columns: ['d'], formats: ['%d/%m/%Y'] },
  { op: 'parseNumber', columns: ['n'], decimal: ',', group: '.' },
);

describe('applyRecipe', () => {
  it('reports per-step counts, then reuses every stage from the cache', async () => {
    const first = await applyRecipe(t.conn, ID, recipe);
    expect(first.steps.map((s) => [s.rowsChanged, s.cached])).toEqual([
      [1, false],
      [1, false],
      [1, false],
    ]);
    expect(await readTable(t.conn, first.table)).toEqual([
      [2, '2024-02-01', '1000.5'],
      [3, '2024-03-04', 'x'],
    ]);
    const progress: RecipeProgress['state'][] = [];
    const again = await applyRecipe(t.conn, ID, recipe, { onProgress: (p) => progress.push(p.state) });
    expect(again.table).toBe(first.table);
    expect(again.steps.map((s) => s.cached)).toEqual([true, true, true]);
    expect(again.steps.map((s) => s.rowsChanged)).toEqual([1, 1, 1]);
    expect(progress).toEqual(['cached', 'cached', 'cached']);
    const forced = await applyRecipe(t.conn, ID, recipe, { fromStage: 2 });
    expect(forced.steps.map((s) => s.cached)).toEqual([true, true, false]);
    expect(forced.table).toBe(first.table);
  });

  it('a changed source gets new stages', async () => {
    const a = await applyRecipe(t.conn, ID, recipe);
    await t.conn.run(`UPDATE ap__source SET n = '2' WHERE __line = 3`);
    const b = await applyRecipe(t.conn, ID, recipe);
    expect(b.table).not.toBe(a.table);
    expect(b.steps[0]?.cached).toBe(false);
  });

  it('fails before any work when a later step needs a missing column', async () => {
    const bad = recipeOf(
      { op: 'trim', columns: ['d'] },
      { op: 'drop', columns: ['n'] },
      { op: 'trim', columns: ['n'] },
    );
    await expect(applyRecipe(t.conn, ID, bad)).rejects.toMatchObject({
      code: 'RECIPE_COLUMN_MISSING',
      message: "Step 3 (trim) needs column 'n', which the data does not have.",
      details: { step: 2, op: 'trim', column: 'n' },
    });
    const stages = await t.conn.runAndReadAll(
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'ap__stage%'`,
    );
    expect(Number(stages.getRowObjectsJS()[0]?.n)).toBe(0);
  });

  it('cancels with CANCELLED and leaves no half-made stage', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(applyRecipe(t.conn, ID, recipe, { signal: ac.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it('garbage collection keeps what is referenced and recently used', async () => {
    const run = await applyRecipe(t.conn, ID, recipe);
    const keep = run.steps[2]?.table as string;
    expect(await collectStageGarbage(t.conn, ID, { keep: [], minAgeMs: 60_000 })).toEqual([]);
    const dropped = await collectStageGarbage(t.conn, ID, { keep: [keep] });
    expect(dropped.sort()).toEqual([run.steps[0]?.table, run.steps[1]?.table].sort());
    const again = await applyRecipe(t.conn, ID, recipe);
    expect(again.steps.map((s) => s.cached)).toEqual([false, false, true]);
  });
});
