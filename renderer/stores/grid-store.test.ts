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

describe('grid store views', () => {
  it('asks the engine for a sorted, filtered view and drops the old windows', async () => {
    const { bridge, datasetId, calls } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100 });
    await grid.getState().setDataset(datasetId);
    await grid.getState().ensure(100, 200);
    await grid.getState().setView({ sort: { column: 'n', numeric: true, desc: true } });
    expect(grid.getState().cell(0, 0)).toBe('999');
    expect(grid.getState().cell(150, 0)).toBeUndefined(); // old window 1 is gone
    expect(grid.getState().line(0)).toBe(1001);
    await grid.getState().setView({ filters: [{ kind: 'contains', column: 'n', value: '99' }] });
    expect(grid.getState().total).toBe(19); // 99, 199 … 999 and 990–998
    expect(grid.getState().cell(0, 0)).toBe('999');
    const last = calls.at(-1)?.req as { sort?: unknown; filters?: unknown };
    expect(last).toMatchObject({ sort: { column: 'n', desc: true }, filters: [{ kind: 'contains' }] });
    await grid.getState().setView({ sort: null, filters: [] });
    expect(grid.getState()).toMatchObject({ total: 1000, sort: null, filters: [] });
    expect(grid.getState().cell(0, 0)).toBe('0');
  });

  it('finds a line among fetched rows when sorted', async () => {
    const { bridge, datasetId } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100 });
    await grid.getState().setDataset(datasetId);
    await grid.getState().setView({ sort: { column: 'n', numeric: true, desc: true } });
    expect(await grid.getState().locateLine(1000)).toBe(1); // n = 998
    expect(await grid.getState().locateLine(2)).toBeNull(); // n = 0: last row, not fetched
  });

  it('a new dataset starts unsorted and unfiltered', async () => {
    const { bridge, datasetId } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100 });
    await grid.getState().setDataset(datasetId);
    await grid.getState().setView({ filters: [{ kind: 'equals', column: 'n', value: '5' }] });
    expect(grid.getState().total).toBe(1);
    await grid.getState().setDataset(datasetId);
    expect(grid.getState()).toMatchObject({ total: 1000, filters: [], sort: null });
  });
});
