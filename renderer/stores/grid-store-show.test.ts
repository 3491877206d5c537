import { describe, expect, it } from 'vitest';
import type { AppBridge } from '../../core/contract/api.js';
import { createGridStore } from './grid-store.js';
import { spiedFake } from './testing.js';

type RowsReq = { offset: number; limit: number };

/** The fake bridge over numbers.csv (1,000 rows: n, n*2), whose row reads can be held back. */
async function ready() {
  const spy = spiedFake();
  const info = await spy.bridge['datasets.open']({ path: '/data/numbers.csv' });
  if (!info.ok) throw new Error(info.error.message);
  await spy.bridge['datasets.waitForImport']({ datasetId: info.value.datasetId });
  let held: (() => void)[] | null = null;
  const reads: RowsReq[] = [];
  const bridge = new Proxy(spy.bridge, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (key !== 'datasets.rows') return v;
      return async (req: RowsReq) => {
        reads.push(req);
        if (held) await new Promise<void>((r) => held!.push(r));
        return (v as (r: RowsReq) => unknown)(req);
      };
    },
  }) as AppBridge;
  const rowReads = () => [...reads];
  return {
    bridge,
    rowReads,
    datasetId: info.value.datasetId,
    hold: () => void (held = []),
    release: () => {
      const h = held ?? [];
      held = null;
      for (const r of h) r();
    },
  };
}

describe('grid store: rows shown', () => {
  it('asks for exactly the rows in view first, then the windows around them', async () => {
    const { bridge, datasetId, rowReads } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100, overscan: 50 });
    await grid.getState().setDataset(datasetId);
    await grid.getState().show(590, 620); // straddles windows 5 and 6
    expect(rowReads().slice(1)).toEqual([
      expect.objectContaining({ offset: 590, limit: 30 }),
      expect.objectContaining({ offset: 500, limit: 100 }),
      expect.objectContaining({ offset: 600, limit: 100 }),
    ]);
    expect(grid.getState().cell(619, 0)).toBe('619');
    expect(grid.getState().line(545)).toBe(547);
    // Cached now: showing it again asks nothing.
    await grid.getState().show(595, 625);
    expect(rowReads()).toHaveLength(4);
  });

  it('shows the rows in view as soon as their exact read answers', async () => {
    const { bridge, datasetId, hold, release } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100 });
    await grid.getState().setDataset(datasetId);
    hold();
    const shown = grid.getState().show(700, 730);
    await Promise.resolve();
    expect(grid.getState().cell(710, 1)).toBeUndefined();
    release();
    await shown;
    expect(grid.getState().cell(710, 1)).toBe('1420');
  });

  it('does not prefetch around a view the user has left', async () => {
    const { bridge, datasetId, rowReads, hold, release } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100, overscan: 50 });
    await grid.getState().setDataset(datasetId);
    hold();
    const first = grid.getState().show(300, 330);
    const second = grid.getState().show(800, 830);
    release();
    await Promise.all([first, second]);
    const offsets = rowReads()
      .slice(1)
      .map((r) => r.offset);
    expect(offsets).toEqual([300, 800, 700, 800]);
  });

  it('asks only for the latest view while earlier reads are on their way', async () => {
    const { bridge, datasetId, rowReads, hold, release } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100, overscan: 0 });
    await grid.getState().setDataset(datasetId);
    hold();
    const views = [100, 200, 300, 400, 500].map((at) => grid.getState().show(at, at + 30));
    await Promise.resolve();
    expect(
      rowReads()
        .slice(1)
        .map((r) => r.offset),
    ).toEqual([100, 200]);
    release();
    await Promise.all(views);
    // 300 and 400 were overtaken by 500 before a read was free for them.
    const exact = rowReads().filter((r) => r.limit === 30);
    expect(exact.map((r) => r.offset)).toEqual([100, 200, 500]);
    expect(grid.getState().cell(510, 0)).toBe('510');
  });

  it('repaints for rows in view only (prefetched windows out of view are kept quietly)', async () => {
    const { bridge, datasetId, rowReads } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100, overscan: 150 });
    await grid.getState().setDataset(datasetId);
    const before = grid.getState().version;
    await grid.getState().show(590, 620);
    expect(rowReads()).toHaveLength(6); // first window, the view, windows 4 to 7
    expect(grid.getState().version - before).toBe(3); // the view, windows 5 and 6
    expect(grid.getState().cell(750, 0)).toBe('750');
  });

  it('keeps the column list identity while windows arrive', async () => {
    const { bridge, datasetId } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100 });
    await grid.getState().setDataset(datasetId);
    const columns = grid.getState().columns;
    await grid.getState().show(400, 430);
    expect(grid.getState().columns).toBe(columns);
  });

  it('asks again for the rows in view after a reload', async () => {
    const { bridge, datasetId } = await ready();
    const grid = createGridStore(bridge, { windowSize: 100, overscan: 0 });
    await grid.getState().setDataset(datasetId);
    await grid.getState().show(400, 430);
    await grid.getState().setView({ sort: { column: 'n', numeric: true, desc: true } });
    expect(grid.getState().cell(410, 0)).toBe('589');
  });
});
