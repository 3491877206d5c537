// The daily drop: a recipe made with undo/redo on one file, exported as JSON, replays on the next file with the
// same columns; a missing column fails before any work, naming the step. The workspace is a real file, reopened.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRecipe } from '../../core/recipe/apply.js';
import { parseRecipe } from '../../core/recipe/parse-recipe.js';
import { RecipeSession } from '../../core/recipe/session.js';
import { createSource, openTestDb, readTable, type TestDb } from '../../core/recipe/test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-recipe-replay-'));
const dbFile = join(dir, 'workspace.duckdb');
let t: TestDb;

const COLS = ['order_date', 'amount', 'status', 'email', 'city'];
beforeAll(async () => {
  t = await openTestDb(dbFile);
  await createSource(t.conn, 'day1', COLS, [
    ['01/02/2024', '1.234,50', ' Shipped', 'a@x.io', 'Paris'],
    ['2024-02-03', '7', 'shiped', null, null],
    ['31/12/2024', 'N/A', 'pending ', 'b@x.io', ''],
  ]);
  // The next day's file: other rows, columns in another order.
  await createSource(
    t.conn,
    'day2',
    ['city', 'email', 'status', 'amount', 'order_date'],
    [
      ['Zürich', 'c@x.io', 'SHIPED', '2.000,00', '15/03/2024'],
      [null, 'd@x.io', ' pending', '-', '2024-03-16'],
      [' ', null, 'shipped', '3,5', 'tomorrow'],
    ],
  );
  await createSource(
    t.conn,
    'day3',
    ['order_date', 'amount', 'state', 'email', 'city'],
    [['01/01/2024', '1', 'shipped', 'e@x.io', 'Oslo']],
  );
});
afterAll(() => {
  t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('recipe replay (daily drop)', () => {
  let exported = '';

  it('builds a recipe with undo/redo and exports it', async () => {
    const s = await RecipeSession.open(t.db, 'day1');
    await s.apply({ op: 'trim', columns: ['status', 'city'] });
    await s.apply({ op: 'changeCase', case: 'upper', columns: ['status'] });
    await s.undo();
    await s.apply({ op: 'changeCase', case: 'lower', columns: ['status'] }, { confirmDiscardRedo: true });
    await s.apply({ op: 'mapValues', columns: ['status'], mapping: [{ from: 'shiped', to: 'shipped' }] });
    await s.apply({ op: 'parseDate', columns: ['order_date'], formats: ['%d/%m/%Y', '%Y-%m-%d'] });
    await s.apply({ op: 'nullTokens', columns: ['amount'], tokens: ['N/A', '-'] });
    await s.apply({ op: 'parseNumber', columns: ['amount'], decimal: ',', group: '.' });
    await s.apply({ op: 'fillDown', columns: ['city'] });
    await s.apply({ op: 'mask', columns: ['email'], keepFirst: 1, keepLast: 0, maskLength: 3 });
    expect(await readTable(t.conn, s.state.table)).toEqual([
      [2, '2024-02-01', '1234.50', 'shipped', 'a***', 'Paris'],
      [3, '2024-02-03', '7', 'shipped', null, 'Paris'],
      [4, '2024-12-31', null, 'pending', 'b***', 'Paris'],
    ]);
    const recipe = await s.exportRecipe('orders daily');
    expect(recipe.steps).toHaveLength(8);
    expect(recipe.columns).toEqual(COLS);
    exported = join(dir, 'orders.recipe.json');
    writeFileSync(exported, JSON.stringify(recipe, null, 2));
  });

  it('replays the exported recipe on the next file with the same columns', async () => {
    const recipe = parseRecipe(readFileSync(exported, 'utf8'));
    const run = await applyRecipe(t.conn, 'day2', recipe);
    expect(await readTable(t.conn, run.table)).toEqual([
      [2, 'Zürich', 'c***', 'shipped', '2000.00', '2024-03-15'],
      [3, 'Zürich', 'd***', 'pending', null, '2024-03-16'],
      [4, 'Zürich', null, 'shipped', '3.5', 'tomorrow'],
    ]);
    expect(run.steps.map((s) => s.rowsChanged)).toEqual([2, 1, 1, 1, 1, 2, 2, 2]);
    expect(await readTable(t.conn, 'day2__source')).toHaveLength(3);
  });

  it('fails with RECIPE_COLUMN_MISSING naming the step and the column, before any work', async () => {
    const recipe = parseRecipe(readFileSync(exported, 'utf8'));
    await expect(applyRecipe(t.conn, 'day3', recipe)).rejects.toMatchObject({
      code: 'RECIPE_COLUMN_MISSING',
      message: "Step 1 (trim) needs column 'status', which the data does not have.",
      details: { step: 0, op: 'trim', column: 'status' },
    });
    const r = await t.conn.runAndReadAll(
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'day3__stage%'`,
    );
    expect(Number(r.getRowObjectsJS()[0]?.n)).toBe(0);
  });

  it('after reopening the workspace, the session is where it was and undo is cached', async () => {
    const before = (await RecipeSession.open(t.db, 'day1')).state;
    t.close();
    t = await openTestDb(dbFile);
    const s = await RecipeSession.open(t.db, 'day1');
    expect(s.state).toEqual(before);
    const u = await s.undo();
    expect(s.stepResults.every((x) => x.cached)).toBe(true);
    expect((await readTable(t.conn, u.table))[0]?.[4]).toBe('a@x.io');
  });

  it('a salt changes the stage and is never stored', async () => {
    const s = await RecipeSession.open(t.db, 'day2', { secrets: { salt: 'pepper-123' } });
    const a = await s.apply({ op: 'hash', columns: ['email'], secret: 'salt' });
    s.setSecrets({ salt: 'other-456' });
    await s.undo();
    const b = await s.redo();
    expect(b.table).not.toBe(a.table);
    const stored = await t.conn.runAndReadAll(
      `SELECT (SELECT string_agg(r::VARCHAR, '') FROM sluice_recipe_stages r) || (SELECT string_agg(s::VARCHAR, '') FROM sluice_recipe_sessions s) AS txt`,
    );
    const txt = String(stored.getRowObjectsJS()[0]?.txt);
    expect(txt).toContain('hash');
    expect(txt).not.toContain('pepper-123');
    expect(txt).not.toContain('other-456');
  });

  it('cancelling mid-step leaves no stage, and the next run succeeds', async () => {
    await t.conn.run(`CREATE OR REPLACE TABLE big__source AS SELECT i::BIGINT AS __line,
      CASE WHEN i % 3 = 0 THEN NULL ELSE 'v' || i END AS a, strftime(DATE '2020-01-01' + (i % 900)::INT, '%d/%m/%Y') AS d
      FROM range(2, 1500002) r(i)`);
    const recipe = parseRecipe({
      format: 'sluice-recipe',
      version: 1,
      steps: [
        { id: 'a', enabled: true, op: { op: 'fillDown', columns: ['a'] } },
        { id: 'b', enabled: true, op: { op: 'parseDate', columns: ['d'], formats: ['%d/%m/%Y'] } },
      ],
    });
    const ac = new AbortController();
    const started = applyRecipe(t.conn, 'big', recipe, {
      signal: ac.signal,
      onProgress: (p) => p.state === 'running' && p.fraction === 0 && setTimeout(() => ac.abort(), 30),
    });
    await expect(started).rejects.toMatchObject({ code: 'CANCELLED' });
    const left = await t.conn.runAndReadAll(
      `SELECT (SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'big__stage%') AS t,
              (SELECT count(*) FROM sluice_recipe_stages WHERE dataset_id = 'big') AS r`,
    );
    expect(left.getRowObjectsJS()[0]).toEqual({ t: 0n, r: 0n });
    const done = await applyRecipe(t.conn, 'big', recipe);
    expect(done.rowsOut).toBe(1_500_000);
  });
});
