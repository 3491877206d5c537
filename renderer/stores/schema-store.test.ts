import { describe, expect, it } from 'vitest';
import { createSchemaStore } from './schema-store.js';
import { spiedFake } from './testing.js';

async function ready() {
  const spy = spiedFake();
  const info = await spy.bridge['datasets.open']({ path: '/data/small.csv' });
  if (!info.ok) throw new Error(info.error.message);
  await spy.bridge['datasets.waitForImport']({ datasetId: info.value.datasetId });
  const store = createSchemaStore(spy.bridge);
  await store.getState().load(info.value.datasetId);
  return { ...spy, store, datasetId: info.value.datasetId };
}

describe('schema store', () => {
  it('loads the (inferred) schema as saved and draft', async () => {
    const { store } = await ready();
    const s = store.getState();
    expect(s.saved?.fields.map((f) => [f.name, f.type])).toEqual([
      ['id', 'integer'],
      ['qty', 'string'], // 'x' among 5 values: under the 90% the fake needs to call it integer
      ['email', 'string'],
    ]);
    expect(s.draft).toEqual(s.saved);
    expect(s.draft).not.toBe(s.saved);
    expect(s.dirty).toBe(false);
  });

  it('edits types, constraints and the primary key in the draft, then saves', async () => {
    const { store, bridge, datasetId } = await ready();
    store.getState().updateField('email', { format: 'email' });
    store.getState().updateConstraints('qty', { minimum: 1, required: true });
    store.getState().updateConstraints('qty', { required: undefined });
    store.getState().setPrimaryKey(['id']);
    expect(store.getState().dirty).toBe(true);
    expect(store.getState().saved?.primaryKey).toBeUndefined();
    expect(await store.getState().save()).toBe(true);
    expect(store.getState().dirty).toBe(false);
    const r = await bridge['schema.get']({ datasetId });
    if (!r.ok) throw new Error();
    expect(r.value.primaryKey).toBe('id');
    expect(r.value.fields[1]?.constraints).toEqual({ minimum: 1 });
    expect(r.value.fields[2]?.format).toBe('email');
  });

  it('removes emptied constraints and the primary key', async () => {
    const { store } = await ready();
    store.getState().updateConstraints('id', { required: undefined });
    expect(store.getState().draft?.fields[0]).not.toHaveProperty('constraints');
    store.getState().setPrimaryKey(['id', 'qty']);
    expect(store.getState().draft?.primaryKey).toEqual(['id', 'qty']);
    store.getState().setPrimaryKey([]);
    expect(store.getState().draft).not.toHaveProperty('primaryKey');
  });

  it('shows the engine refusal with field and key, keeping the draft', async () => {
    const { store } = await ready();
    store.getState().updateField('qty', { type: 'decimal' as never });
    expect(await store.getState().save()).toBe(false);
    expect(store.getState().error).toMatchObject({
      code: 'SCHEMA_INVALID',
      details: { field: 'qty', key: 'type' },
    });
    expect(store.getState().dirty).toBe(true);
    store.getState().revert();
    expect(store.getState().draft).toEqual(store.getState().saved);
    expect(store.getState().error).toBeNull();
  });

  it('imports and exports Table Schema JSON', async () => {
    const { store } = await ready();
    const json = JSON.stringify({ fields: [{ name: 'id', type: 'string' }], primaryKey: ['id'] });
    expect(await store.getState().importJson(json)).toBe(true);
    expect(JSON.parse(store.getState().exportJson())).toEqual({
      fields: [{ name: 'id', type: 'string' }],
      primaryKey: ['id'],
    });
    expect(await store.getState().importJson('{ nope')).toBe(false);
    expect(store.getState().error?.code).toBe('SCHEMA_INVALID');
    expect(store.getState().error?.message).toMatch(/not valid JSON/);
  });

  it('re-infers into the draft without saving', async () => {
    const { store } = await ready();
    await store.getState().importJson(JSON.stringify({ fields: [{ name: 'id', type: 'string' }] }));
    await store.getState().infer();
    expect(store.getState().draft?.fields.length).toBe(3);
    expect(store.getState().saved?.fields.length).toBe(1);
    expect(store.getState().dirty).toBe(true);
  });
});
