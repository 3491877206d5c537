import { describe, expect, it, vi } from 'vitest';
import { createAppStores } from './app-stores.js';
import type { TableSchema } from '../../core/contract/schema.js';
import { spiedFake } from './testing.js';

const SCHEMA: TableSchema = {
  fields: [
    { name: 'id', type: 'integer' },
    { name: 'qty', type: 'integer' },
    { name: 'email', type: 'string', format: 'email' },
  ],
};
const schemas = { '/data/small.csv': SCHEMA };

function memoryStorage() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
}

describe('app stores', () => {
  it('opening a file loads every view, validates, and lands on the data', async () => {
    const { bridge } = spiedFake({ importTickMs: 2, schemas });
    const app = createAppStores(bridge, { storage: memoryStorage() });
    await app.openFile('/data/small.csv');
    expect(app.ui.getState().screen).toBe('open');
    await vi.waitFor(() => expect(app.findings.getState().summary?.total).toBeGreaterThan(0));
    expect(app.ui.getState().screen).toBe('data');
    expect(app.grid.getState().total).toBe(5);
    expect(app.schema.getState().saved?.fields).toHaveLength(3);
    expect(app.profile.getState().datasetId).toBe(app.dataset.getState().info?.datasetId);
    expect(app.ui.getState().recent).toEqual(['/data/small.csv']);
    app.dispose();
  });

  it('re-runs validation when the schema is saved', async () => {
    const { bridge, count } = spiedFake({ schemas });
    const app = createAppStores(bridge);
    await app.openFile('/data/small.csv');
    await vi.waitFor(() => expect(count('validation.run')).toBe(1));
    await vi.waitFor(() => expect(app.schema.getState().saved).not.toBeNull());
    app.schema.getState().updateConstraints('qty', { minimum: 100 });
    await app.schema.getState().save();
    await vi.waitFor(() => expect(count('validation.run')).toBe(2));
    await vi.waitFor(() => expect(app.findings.getState().summary?.byColumn.qty?.minimum).toBe(4));
    app.dispose();
  });

  it('reopening an imported file goes straight to the data', async () => {
    const { bridge } = spiedFake();
    const app = createAppStores(bridge);
    await app.openFile('/data/small.csv');
    await vi.waitFor(() => expect(app.dataset.getState().phase).toBe('ready'));
    app.closeFile();
    expect(app.ui.getState().screen).toBe('start');
    await vi.waitFor(() => expect(app.grid.getState().datasetId).toBeNull());
    await app.openFile('/data/small.csv');
    expect(app.ui.getState().screen).toBe('data');
    await vi.waitFor(() => expect(app.grid.getState().total).toBe(5));
    app.dispose();
  });

  it('keeps the recent list in storage, newest first, without duplicates', async () => {
    const storage = memoryStorage();
    const app = createAppStores(spiedFake().bridge, { storage });
    app.ui.getState().remember('/a.csv');
    app.ui.getState().remember('/b.csv');
    app.ui.getState().remember('/a.csv');
    expect(createAppStores(spiedFake().bridge, { storage }).ui.getState().recent).toEqual([
      '/a.csv',
      '/b.csv',
    ]);
  });
});
