import { describe, expect, it } from 'vitest';
import type { AppBridge } from '../../core/contract/api.js';
import type { TableSchema } from '../../core/contract/schema.js';
import { createGridStore } from './grid-store.js';
import { numbersCsv, spiedFake } from './testing.js';

// Every row breaks both fields' maximum: two findings a row, so row k's findings are the (2k+1)th and (2k+2)th.
const STRICT: TableSchema = {
  fields: [
    { name: 'n', type: 'integer', constraints: { maximum: -1 } },
    { name: 'double', type: 'integer', constraints: { maximum: -1 } },
  ],
};

async function opened(path: string, text: string) {
  const spy = spiedFake();
  spy.bridge.addFile(path, text);
  const info = await spy.bridge['datasets.open']({ path });
  if (!info.ok) throw new Error(info.error.message);
  const datasetId = info.value.datasetId;
  await spy.bridge['datasets.waitForImport']({ datasetId });
  const ok = async (r: Promise<{ ok: boolean }>) => {
    if (!(await r).ok) throw new Error('call failed');
  };
  const validate = (schema: TableSchema) =>
    ok(spy.bridge['schema.set']({ datasetId, schema })).then(() =>
      ok(spy.bridge['validation.run']({ datasetId })),
    );
  return { ...spy, datasetId, validate };
}

/** A bridge whose row reads wait until released. */
function holding(bridge: AppBridge) {
  let held: (() => void)[] | null = null;
  const proxy = new Proxy(bridge, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (key !== 'datasets.rows' || typeof v !== 'function') return v;
      return async (req: unknown) => {
        if (held) await new Promise<void>((r) => held!.push(r));
        return (v as (r: unknown) => unknown)(req);
      };
    },
  }) as AppBridge;
  return {
    bridge: proxy,
    hold: () => void (held = []),
    release: () => {
      const h = held ?? [];
      held = null;
      for (const r of h) r();
    },
  };
}

describe('grid store marks', () => {
  it('marks the cells of the rows it holds, read with the rows', async () => {
    const { bridge, datasetId, validate, calls } = await opened('/data/m.csv', numbersCsv(300));
    await validate({ fields: [{ name: 'double', type: 'integer', constraints: { maximum: 10 } }] });
    const grid = createGridStore(bridge, { windowSize: 100 });
    await grid.getState().setDataset(datasetId);
    expect(calls.at(-1)?.req).toMatchObject({ marks: true });
    expect(grid.getState().rules(5, 'double')).toBeUndefined(); // 10
    expect(grid.getState().rules(6, 'double')).toEqual(['maximum']); // 12
    expect(grid.getState().rules(6, 'n')).toBeUndefined();
    expect(grid.getState().rules(250, 'double')).toBeUndefined(); // not loaded yet
    await grid.getState().show(240, 260);
    expect(grid.getState().rules(250, 'double')).toEqual(['maximum']);
  });

  it('marks a row past the 50,000th finding', async () => {
    const { bridge, datasetId, validate } = await opened('/data/big.csv', numbersCsv(30_000));
    await validate(STRICT);
    const summary = await bridge['findings.summary']({ datasetId });
    expect(summary.ok && summary.value.total).toBe(60_000);
    const grid = createGridStore(bridge, { windowSize: 256 });
    await grid.getState().setDataset(datasetId);
    await grid.getState().show(29_980, 30_000);
    expect(grid.getState().cell(29_999, 0)).toBe('29999');
    expect(grid.getState().rules(29_999, 'n')).toEqual(['maximum']);
    expect(grid.getState().rules(29_999, 'double')).toEqual(['maximum']);
  });

  it('reads the rows in view again when the findings change, drawing the old ones meanwhile', async () => {
    const spy = await opened('/data/m.csv', numbersCsv(1000));
    const h = holding(spy.bridge);
    const grid = createGridStore(h.bridge, { windowSize: 100 });
    await grid.getState().setDataset(spy.datasetId);
    await grid.getState().show(500, 520);
    expect(grid.getState().rules(510, 'n')).toBeUndefined();
    await spy.validate(STRICT);
    const reads = spy.count('datasets.rows');
    h.hold();
    const refreshed = grid.getState().findingsChanged(1);
    await Promise.resolve();
    // Still drawn (old marks) while the rows in view are read again.
    expect(grid.getState().cell(510, 0)).toBe('510');
    expect(grid.getState().rules(510, 'n')).toBeUndefined();
    h.release();
    await refreshed;
    expect(grid.getState().rules(510, 'n')).toEqual(['maximum']);
    expect(grid.getState().cell(510, 0)).toBe('510');
    // The exact view (500–520), then the windows around it (400–620: three of 100); nothing else.
    const after = spy.count('datasets.rows');
    expect(after - reads).toBe(4);
    // A revision already seen reads nothing.
    await grid.getState().findingsChanged(1);
    expect(spy.count('datasets.rows')).toBe(after);
  });

  it('a recipe change (a reload, then new findings at once) ends with the new rows and their marks', async () => {
    const spy = await opened('/data/m.csv', numbersCsv(1000));
    const h = holding(spy.bridge);
    const grid = createGridStore(h.bridge, { windowSize: 100 });
    await grid.getState().setDataset(spy.datasetId);
    await grid.getState().show(500, 520);
    await spy.validate(STRICT);
    h.hold();
    const both = Promise.all([grid.getState().reload(), grid.getState().findingsChanged(3)]);
    await Promise.resolve();
    expect(grid.getState().cell(510, 0)).toBe('510'); // drawn while read again
    h.release();
    // The rows in view never go blank on the way (no flash of loading cells).
    let settled = false;
    void both.then(() => (settled = true));
    const blanks: number[] = [];
    for (let tick = 0; !settled && tick < 10_000; tick++) {
      if (grid.getState().cell(510, 0) === undefined) blanks.push(tick);
      await Promise.resolve();
    }
    expect(blanks).toEqual([]);
    await both;
    expect(grid.getState()).toMatchObject({ loading: false, total: 1000 });
    expect(grid.getState().rules(510, 'n')).toEqual(['maximum']);
    expect(grid.getState().cell(510, 0)).toBe('510');
  });

  it('filtered by findings, a change of the findings reads the whole view again', async () => {
    const { bridge, datasetId, validate } = await opened('/data/m.csv', numbersCsv(1000));
    await validate({ fields: [{ name: 'n', type: 'integer', constraints: { maximum: 989 } }] });
    const grid = createGridStore(bridge, { windowSize: 100 });
    await grid.getState().setDataset(datasetId);
    await grid.getState().setView({ filters: [{ kind: 'findings', column: 'n' }] });
    expect(grid.getState().total).toBe(10);
    await validate({ fields: [{ name: 'n', type: 'integer', constraints: { maximum: 994 } }] });
    await grid.getState().findingsChanged(7);
    expect(grid.getState().total).toBe(5);
    expect(grid.getState().cell(0, 0)).toBe('995');
    expect(grid.getState().rules(0, 'n')).toEqual(['maximum']);
  });
});
