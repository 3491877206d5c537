import { describe, expect, it } from 'vitest';
import type { TableSchema } from '../../core/contract/schema.js';
import { createFindingsStore, groupSummary } from './findings-store.js';
import { spiedFake } from './testing.js';

const SCHEMA: TableSchema = {
  fields: [
    { name: 'id', type: 'integer', constraints: { unique: true } },
    { name: 'qty', type: 'integer', constraints: { minimum: 1 } },
    { name: 'email', type: 'string', format: 'email', constraints: { required: true } },
  ],
};

async function ready(pageSize = 100) {
  const spy = spiedFake({ schemas: { '/data/small.csv': SCHEMA } });
  const info = await spy.bridge['datasets.open']({ path: '/data/small.csv' });
  if (!info.ok) throw new Error(info.error.message);
  await spy.bridge['datasets.waitForImport']({ datasetId: info.value.datasetId });
  const store = createFindingsStore(spy.bridge, { pageSize });
  await store.getState().setDataset(info.value.datasetId);
  return { ...spy, store };
}

describe('findings store', () => {
  it('is empty before validation', async () => {
    const { store } = await ready();
    expect(store.getState().summary?.total).toBe(0);
    expect(store.getState().groups).toEqual([]);
  });

  it('validates, then groups counts by column and rule, most first', async () => {
    const { store } = await ready();
    await store.getState().validate();
    const s = store.getState();
    expect(s.validating).toBe(false);
    expect(s.summary?.total).toBe(5);
    expect(s.groups).toEqual([
      { column: 'email', rule: 'required', count: 1 },
      { column: 'email', rule: 'type', count: 1 },
      { column: 'id', rule: 'unique', count: 1 },
      { column: 'qty', rule: 'minimum', count: 1 },
      { column: 'qty', rule: 'type', count: 1 },
    ]);
    expect(s.page?.total).toBe(5);
  });

  it('filters the list by column and rule, and pages it', async () => {
    const { store } = await ready(1);
    await store.getState().validate();
    await store.getState().setFilter({ column: 'qty' });
    expect(store.getState().page).toMatchObject({
      total: 2,
      offset: 0,
      findings: [{ line: 3, rule: 'minimum' }],
    });
    await store.getState().setOffset(1);
    expect(store.getState().page).toMatchObject({ offset: 1, findings: [{ line: 4, rule: 'type' }] });
    await store.getState().setFilter({ column: 'email', rule: 'type' });
    expect(store.getState().offset).toBe(0);
    expect(store.getState().page?.findings.map((f) => f.value)).toEqual(['bad']);
  });

  it('reads one page of findings per refresh (the grid reads its marks with its rows), bumping the revision', async () => {
    const { store, count } = await ready(2);
    const before = store.getState().revision;
    const pages = count('findings.page');
    await store.getState().validate();
    expect(store.getState().revision).toBe(before + 1);
    expect(count('findings.page')).toBe(pages + 1);
    await store.getState().refresh();
    expect(store.getState().revision).toBe(before + 2);
    expect(count('findings.page')).toBe(pages + 2);
  });

  it('validates on demand when shown, without an empty summary in between', async () => {
    const { bridge } = await ready();
    const id = (await bridge['datasets.open']({ path: '/data/small.csv' })) as {
      ok: true;
      value: { datasetId: string };
    };
    const store = createFindingsStore(bridge);
    const totals: (number | undefined)[] = [];
    store.subscribe((s) => totals.push(s.summary?.total));
    await store.getState().setDataset(id.value.datasetId, { validate: true });
    expect(store.getState().summary?.total).toBe(5);
    expect(totals.filter((t) => t === 0)).toEqual([]);
  });

  it('keeps a validation error', async () => {
    const { bridge } = spiedFake();
    const store = createFindingsStore(bridge);
    await store.getState().setDataset('missing');
    expect(store.getState().error?.code).toBe('NOT_FOUND');
  });

  it('groupSummary skips zero counts', () => {
    expect(
      groupSummary({
        rows: 1,
        rejectedLines: 0,
        total: 1,
        rowsWithFindings: 1,
        byColumn: { a: { type: 0, enum: 1 } },
      }),
    ).toEqual([{ column: 'a', rule: 'enum', count: 1 }]);
  });
});
