import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecipeSession } from './session.js';
import { createSource, openTestDb, readTable, recipeOf, type TestDb } from './test-helpers.js';

let t: TestDb;
const ID = 'se';
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['status', 'amount'],
    [
      [' shiped ', '1,5'],
      ['Shipped', '2'],
      [null, ''],
    ],
  );
});
afterEach(() => t.close());

const statuses = async (table: string) => (await readTable(t.conn, table)).map((r) => r[1]);

describe('RecipeSession', () => {
  it('applies, undoes and redoes over cached stages; the source is never changed', async () => {
    const s = await RecipeSession.open(t.db, ID);
    expect(s.state).toMatchObject({ cursor: 0, table: 'se__source', canUndo: false, canRedo: false });
    const a = await s.apply({ op: 'trim', columns: ['status'] });
    expect(a.step).toMatchObject({ rowsChanged: 1, rowsIn: 3, rowsOut: 3, cached: false });
    const b = await s.apply({ op: 'changeCase', case: 'lower', columns: ['status'] });
    expect(await statuses(b.table)).toEqual(['shiped', 'shipped', null]);
    const u = await s.undo();
    expect(u).toMatchObject({ cursor: 1, canRedo: true, redoSteps: 1, table: a.table });
    expect(await statuses(u.table)).toEqual(['shiped', 'Shipped', null]);
    const r = await s.redo();
    expect(r.table).toBe(b.table);
    expect(s.stepResults.map((x) => x.cached)).toEqual([true, true]);
    await s.undo();
    await s.undo();
    expect(s.state.table).toBe('se__source');
    await expect(s.undo()).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await statuses('se__source')).toEqual([' shiped ', 'Shipped', null]);
  });

  it('refuses to discard the redo branch unless confirmed', async () => {
    const s = await RecipeSession.open(t.db, ID);
    await s.apply({ op: 'trim', columns: ['status'] });
    await s.apply({ op: 'changeCase', case: 'upper', columns: ['status'] });
    await s.undo();
    await expect(s.apply({ op: 'changeCase', case: 'lower', columns: ['status'] })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { redoSteps: 1 },
    });
    expect(s.state.cursor).toBe(1);
    const next = await s.apply(
      { op: 'changeCase', case: 'lower', columns: ['status'] },
      { confirmDiscardRedo: true },
    );
    expect(next).toMatchObject({ cursor: 2, canRedo: false });
    expect(next.recipe.steps.map((x) => x.op.op)).toEqual(['trim', 'changeCase']);
    expect(await statuses(next.table)).toEqual(['shiped', 'shipped', null]);
  });

  it('disables, re-enables and removes steps, recomputing from the nearest cached stage', async () => {
    const s = await RecipeSession.open(t.db, ID);
    const a = await s.apply({ op: 'trim', columns: ['status'] });
    await s.apply({ op: 'mapValues', columns: ['status'], mapping: [{ from: 'shiped', to: 'shipped' }] });
    const first = a.step.stepId;
    const off = await s.setEnabled(first, false);
    expect(await statuses(off.table)).toEqual([' shiped ', 'Shipped', null]);
    expect(s.stepResults.map((x) => [x.enabled, x.cached])).toEqual([
      [false, false],
      [true, false],
    ]);
    const on = await s.setEnabled(first, true);
    expect(s.stepResults.every((x) => x.cached)).toBe(true);
    expect(await statuses(on.table)).toEqual(['shipped', 'Shipped', null]);
    const removed = await s.removeStep(first);
    expect(removed.recipe.steps).toHaveLength(1);
    expect(removed.cursor).toBe(1);
  });

  it('a failing change leaves the session as it was', async () => {
    const s = await RecipeSession.open(t.db, ID);
    const a = await s.apply({ op: 'rename', column: 'status', to: 'state' });
    await s.apply({ op: 'trim', columns: ['state'] });
    await expect(s.setEnabled(a.step.stepId, false)).rejects.toMatchObject({
      code: 'RECIPE_COLUMN_MISSING',
      details: { column: 'state', step: 1 },
    });
    expect(s.stepResults.map((x) => x.enabled)).toEqual([true, true]);
  });

  it('persists the working recipe and cursor in the workspace', async () => {
    const s = await RecipeSession.open(t.db, ID);
    await s.apply({ op: 'trim', columns: ['status'] });
    await s.apply({ op: 'nullTokens', columns: ['amount'], tokens: [''] });
    await s.undo();
    const again = await RecipeSession.open(t.db, ID);
    expect(again.state).toMatchObject({ cursor: 1, redoSteps: 1, table: s.state.table });
    const exported = await again.exportRecipe('daily');
    expect(exported).toMatchObject({ name: 'daily', columns: ['status', 'amount'] });
    expect(exported.steps.map((x) => x.op.op)).toEqual(['trim']);
  });

  it('load replaces the recipe only when confirmed; garbage collection drops unreferenced stages', async () => {
    const s = await RecipeSession.open(t.db, ID);
    const a = await s.apply({ op: 'trim', columns: ['status'] });
    await s.undo();
    await s.apply({ op: 'changeCase', case: 'upper', columns: ['status'] }, { confirmDiscardRedo: true });
    await expect(s.load(recipeOf({ op: 'collapseSpaces', columns: ['status'] }))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const dropped = await s.collectGarbage();
    expect(dropped).toEqual([a.table]);
    const all = await t.conn.runAndReadAll(
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'se__stage%'`,
    );
    expect(Number(all.getRowObjectsJS()[0]?.n)).toBe(1);
    const loaded = await s.load(recipeOf({ op: 'collapseSpaces', columns: ['status'] }), {
      confirmReplace: true,
    });
    expect(loaded.cursor).toBe(1);
  });
});
