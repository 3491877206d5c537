import { describe, expect, it } from 'vitest';
import { createGridStore } from './grid-store.js';
import { spiedFake } from './testing.js';

async function ready() {
  const spy = spiedFake();
  const info = await spy.bridge['datasets.open']({ path: '/data/numbers.csv' });
  if (!info.ok) throw new Error(info.error.message);
  await spy.bridge['datasets.waitForImport']({ datasetId: info.value.datasetId });
  return { ...spy, datasetId: info.value.datasetId };
}

describe('grid store', () => {
  it('learns columns and total from the first window', async () => {
    const { bridge, datasetId } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100 });
    await grid.getState().setDataset(datasetId);
    expect(grid.getState()).toMatchObject({ columns: ['n', 'double'], total: 1000, loading: false });
    expect(grid.getState().cell(5, 1)).toBe('10');
    expect(grid.getState().line(5)).toBe(7);
    expect(grid.getState().cell(500, 0)).toBeUndefined();
  });

  it('fetches only missing windows, once, however often asked', async () => {
    const { bridge, datasetId, count } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100 });
    await grid.getState().setDataset(datasetId);
    await Promise.all([
      grid.getState().ensure(150, 320),
      grid.getState().ensure(160, 310),
      grid.getState().ensure(0, 50),
    ]);
    expect(count('datasets.rows')).toBe(4); // windows 0 (setDataset), 1, 2, 3
    expect(grid.getState().cell(319, 0)).toBe('319');
    const version = grid.getState().version;
    await grid.getState().ensure(200, 260);
    expect(count('datasets.rows')).toBe(4);
    expect(grid.getState().version).toBe(version);
  });

  it('evicts the least recently used windows beyond the cap', async () => {
    const { bridge, datasetId } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100, maxWindows: 3 });
    await grid.getState().setDataset(datasetId);
    await grid.getState().ensure(100, 300);
    await grid.getState().ensure(0, 10); // touch window 0 so 1 is the oldest
    await grid.getState().ensure(300, 310);
    expect(grid.cachedWindows().sort()).toEqual([0, 2, 3]);
    expect(grid.getState().cell(150, 0)).toBeUndefined();
  });

  it('locates a source line by binary search', async () => {
    const { bridge, datasetId } = await ready();
    const grid = createGridStore(bridge, { windowSize: 64 });
    await grid.getState().setDataset(datasetId);
    expect(await grid.getState().locateLine(2)).toBe(0);
    expect(await grid.getState().locateLine(777)).toBe(775);
    expect(await grid.getState().locateLine(1001)).toBe(999);
    expect(await grid.getState().locateLine(1)).toBeNull();
    expect(await grid.getState().locateLine(5000)).toBeNull();
  });

  it('reveals a source line as a target cell for the view', async () => {
    const { bridge, datasetId } = await ready();
    const grid = createGridStore(bridge, { windowSize: 64 });
    await grid.getState().setDataset(datasetId);
    expect(await grid.getState().reveal(500, 'double')).toBe(true);
    expect(grid.getState().target).toEqual({ row: 498, column: 'double', seq: 1 });
    expect(await grid.getState().reveal(1, 'double')).toBe(false);
    expect(grid.getState().target?.seq).toBe(1);
  });

  it('drops answers for a dataset no longer shown', async () => {
    const { bridge, datasetId } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100 });
    const pending = grid.getState().setDataset(datasetId);
    void grid.getState().setDataset(null);
    await pending;
    expect(grid.getState()).toMatchObject({ datasetId: null, total: 0, columns: [] });
  });

  it('reports a failed window as an error', async () => {
    const grid = createGridStore(spiedFake().bridge);
    await grid.getState().setDataset('no-such-dataset');
    expect(grid.getState().error?.code).toBe('NOT_FOUND');
  });
});
