import { describe, expect, it } from 'vitest';
import type { Operation, Suggestion } from '../../core/contract/recipe.js';
import { mockBridge } from './mock-bridge.js';
import { createSuggestionsStore } from './suggestions-store.js';

const SUG: Suggestion = {
  column: 'country',
  rule: 'enum',
  title: 'Map 3 spellings of country',
  op: { op: 'mapValues', columns: ['country'], mapping: [{ from: 'de', to: 'DE' }] },
  valuesChanged: 3,
  findingsFixed: 3,
  findingsTotal: 4,
  otherValuesChanged: 0,
};

describe('suggestions store', () => {
  it('lists suggestions for a group and applies one through the recipe', async () => {
    const { bridge, calls } = mockBridge({ 'suggestions.list': () => ({ ok: true, value: [SUG] }) });
    const applied: Operation[] = [];
    const store = createSuggestionsStore(bridge, async (op) => (applied.push(op), true));
    store.getState().setDataset('d');
    await store.getState().load({ column: 'country', rule: 'enum' });
    expect(calls[0]?.req).toMatchObject({ datasetId: 'd', column: 'country', rule: 'enum' });
    expect(store.getState().items).toEqual([SUG]);
    expect(await store.getState().apply(0)).toBe(true);
    expect(applied).toEqual([SUG.op]);
    expect(store.getState()).toMatchObject({ applied: SUG, applying: null });
    expect(await store.getState().apply(5)).toBe(false);
  });

  it('shows nothing (no error) before a validation, and other errors as errors', async () => {
    let code = 'NOT_FOUND';
    const { bridge } = mockBridge({
      'suggestions.list': () => ({ ok: false, error: { code, message: 'x', details: {} } }),
    });
    const store = createSuggestionsStore(bridge, async () => true);
    store.getState().setDataset('d');
    await store.getState().load({ column: 'country', rule: 'enum' });
    expect(store.getState()).toMatchObject({ items: [], error: null });
    code = 'INTERNAL';
    await store.getState().load();
    expect(store.getState().error?.code).toBe('INTERNAL');
  });

  it('asks for nothing until a findings group is selected, and clears the list when it is unselected', async () => {
    const { bridge, calls } = mockBridge({ 'suggestions.list': () => ({ ok: true, value: [SUG] }) });
    const store = createSuggestionsStore(bridge, async () => true);
    store.getState().setDataset('d');
    await store.getState().load();
    expect(calls).toEqual([]);
    expect(store.getState()).toMatchObject({ needsGroup: true, items: [], loading: false });
    await store.getState().load({ column: 'country', rule: 'enum' });
    expect(store.getState()).toMatchObject({ needsGroup: false, items: [SUG] });
    // After a change of the data the selected group is asked again.
    await store.getState().load();
    expect(calls.map((c) => c.req)).toEqual([
      { datasetId: 'd', column: 'country', rule: 'enum', maxPerGroup: 3 },
      { datasetId: 'd', column: 'country', rule: 'enum', maxPerGroup: 3 },
    ]);
    await store.getState().load({});
    expect(store.getState()).toMatchObject({ needsGroup: true, items: [] });
    expect(calls.length).toBe(2);
  });
});
