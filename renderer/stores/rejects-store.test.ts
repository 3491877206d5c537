import { describe, expect, it } from 'vitest';
import { createRejectsStore } from './rejects-store.js';
import { spiedFake } from './testing.js';

describe('rejects store', () => {
  it('pages the rejected lines of an import', async () => {
    const { bridge } = spiedFake();
    bridge.addFile('/data/bad.csv', 'a,b\n1,2\n3\n4,5,6\n7,8\n9\n');
    const info = await bridge['datasets.open']({ path: '/data/bad.csv' });
    if (!info.ok) throw new Error(info.error.message);
    const store = createRejectsStore(bridge, { pageSize: 2 });
    await store.getState().setDataset(info.value.datasetId);
    expect(store.getState().page).toMatchObject({ total: 3, offset: 0 });
    expect(store.getState().page?.rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, 'too_few_fields'],
      [4, 'too_many_fields'],
    ]);
    await store.getState().setOffset(2);
    expect(store.getState().page?.rejects.map((r) => r.raw)).toEqual(['9']);
  });

  it('keeps the error for an unknown dataset', async () => {
    const store = createRejectsStore(spiedFake().bridge);
    await store.getState().setDataset('nope');
    expect(store.getState().error?.code).toBe('NOT_FOUND');
  });
});
