import { describe, expect, it } from 'vitest';
import type { RecipeChange } from '../../core/contract/api-recipe.js';
import type { Operation, RecipeStep } from '../../core/contract/recipe.js';
import { mockBridge } from './mock-bridge.js';
import { createRecipeStore } from './recipe-store.js';

// A tiny recipe engine: steps and a cursor, as the contract describes them.
function engine() {
  let steps: RecipeStep[] = [];
  let cursor = 0;
  const view = (): RecipeChange => ({
    datasetId: 'd',
    recipe: { format: 'sluice-recipe', version: 1, steps },
    cursor,
    table: `t${cursor}`,
    canUndo: cursor > 0,
    canRedo: cursor < steps.length,
    redoSteps: steps.length - cursor,
    results: [],
    rows: 10 - cursor,
    columns: ['a'],
  });
  const ok = () => ({ ok: true, value: view() });
  return mockBridge({
    'recipe.get': ok,
    'recipe.apply': (req: { op: Operation; confirmDropRedo?: boolean }) => {
      if (cursor < steps.length && !req.confirmDropRedo)
        return { ok: false, error: { code: 'CONFLICT', message: 'redo branch', details: {} } };
      steps = [...steps.slice(0, cursor), { id: `s${steps.length}`, op: req.op, enabled: true }];
      cursor = steps.length;
      return ok();
    },
    'recipe.undo': () => {
      if (cursor === 0)
        return { ok: false, error: { code: 'CONFLICT', message: 'nothing to undo', details: {} } };
      cursor--;
      return ok();
    },
    'recipe.redo': () => {
      cursor++;
      return ok();
    },
    'recipe.remove': (req: { stepId: string }) => {
      steps = steps.filter((s) => s.id !== req.stepId);
      cursor = Math.min(cursor, steps.length);
      return ok();
    },
    'recipe.export': (req: { path: string }) => ({
      ok: true,
      value: { path: req.path, steps: cursor, recipe: {} },
    }),
  });
}

const TRIM: Operation = { op: 'trim', columns: ['a'] };
const UPPER: Operation = { op: 'changeCase', case: 'upper', columns: ['a'] };

describe('recipe store', () => {
  it('applies, undoes and redoes, bumping the revision each time', async () => {
    const { bridge } = engine();
    const store = createRecipeStore(bridge);
    await store.getState().setDataset('d');
    expect(store.getState().view).toMatchObject({ cursor: 0, canUndo: false });
    expect(await store.getState().apply(TRIM)).toBe(true);
    expect(store.getState()).toMatchObject({ revision: 1, view: { cursor: 1, rows: 9 } });
    expect(await store.getState().undo()).toBe(true);
    expect(store.getState().view).toMatchObject({ cursor: 0, canRedo: true });
    expect(await store.getState().redo()).toBe(true);
    expect(store.getState()).toMatchObject({ revision: 3, view: { cursor: 1 } });
  });

  it('asks before an apply drops undone steps, and applies only when accepted', async () => {
    const { bridge, calls } = engine();
    const store = createRecipeStore(bridge);
    await store.getState().setDataset('d');
    await store.getState().apply(TRIM);
    await store.getState().undo();
    expect(await store.getState().apply(UPPER)).toBe(false);
    expect(store.getState().pending).toEqual({ op: UPPER, redoSteps: 1 });
    expect(calls.filter((c) => c.method === 'recipe.apply')).toHaveLength(1);
    await store.getState().confirmPending(false);
    expect(store.getState()).toMatchObject({ pending: null, view: { cursor: 0 } });
    await store.getState().apply(UPPER);
    await store.getState().confirmPending(true);
    expect(store.getState().view?.recipe.steps.map((s) => s.op.op)).toEqual(['changeCase']);
  });

  it('keeps an engine refusal as its error, without a revision', async () => {
    const { bridge } = engine();
    const store = createRecipeStore(bridge);
    await store.getState().setDataset('d');
    expect(await store.getState().undo()).toBe(false);
    expect(store.getState()).toMatchObject({ revision: 0, error: { code: 'CONFLICT' } });
  });

  it('removes a step and exports the recipe', async () => {
    const { bridge } = engine();
    const store = createRecipeStore(bridge);
    await store.getState().setDataset('d');
    await store.getState().apply(TRIM);
    expect(await store.getState().exportTo('/tmp/r.json')).toEqual({ path: '/tmp/r.json', steps: 1 });
    await store.getState().remove('s0');
    expect(store.getState().view?.recipe.steps).toEqual([]);
  });
});
