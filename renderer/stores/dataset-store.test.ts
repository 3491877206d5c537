import { describe, expect, it, vi } from 'vitest';
import { createDatasetStore } from './dataset-store.js';
import { numbersCsv, spiedFake } from './testing.js';

describe('dataset store', () => {
  it('opens a file: detection and preview at once, then ready with the import summary', async () => {
    const { bridge } = spiedFake();
    const store = createDatasetStore(bridge);
    const opening = store.getState().open('/data/small.csv');
    expect(store.getState().phase).toBe('opening');
    await opening;
    const s = store.getState();
    expect(s.phase).toBe('importing');
    expect(s.detection?.dialect.delimiter).toBe(',');
    expect(s.preview?.columns).toEqual(['id', 'qty', 'email']);
    await vi.waitFor(() => expect(store.getState().phase).toBe('ready'));
    expect(store.getState().info?.importSummary).toMatchObject({ rowsImported: 5, linesRejected: 1 });
    expect(store.getState().progress).toBeNull();
    store.dispose();
  });

  it('shows import progress from job events', async () => {
    const { bridge } = spiedFake({ importChunkRows: 100, importTickMs: 5 });
    const store = createDatasetStore(bridge);
    const seen: number[] = [];
    store.subscribe((s) => s.progress?.rows !== undefined && seen.push(s.progress.rows));
    await store.getState().open('/data/numbers.csv');
    await vi.waitFor(() => expect(store.getState().phase).toBe('ready'));
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(1000);
    store.dispose();
  });

  it('fails with the engine error for a missing file', async () => {
    const store = createDatasetStore(spiedFake().bridge);
    await store.getState().open('/data/none.csv');
    expect(store.getState()).toMatchObject({ phase: 'failed', error: { code: 'FILE_NOT_FOUND' } });
  });

  it('previews overrides live without importing, then re-imports with them', async () => {
    const { bridge, count } = spiedFake();
    bridge.addFile('/data/semi.csv', 'a;b\n1;2\n3;4\n');
    const store = createDatasetStore(bridge);
    await store.getState().open('/data/semi.csv');
    await vi.waitFor(() => expect(store.getState().phase).toBe('ready'));
    await store.getState().setOverrides({ delimiter: ',' });
    expect(store.getState()).toMatchObject({ overridesPending: true, previewLoading: false });
    expect(store.getState().preview?.columns).toEqual(['a;b']);
    expect(store.getState().detection?.dialect.delimiter).toBe(',');
    expect(count('datasets.open')).toBe(1);
    await store.getState().reimport();
    expect(store.getState().overridesPending).toBe(false);
    await vi.waitFor(() => expect(store.getState().phase).toBe('ready'));
    expect(store.getState().info?.columns.map((c) => c.name)).toEqual(['a;b']);
  });

  it('keeps only the latest preview when overrides change quickly', async () => {
    const { bridge } = spiedFake();
    bridge.addFile('/data/semi.csv', 'a;b\n1;2\n');
    const store = createDatasetStore(bridge);
    await store.getState().open('/data/semi.csv');
    const first = store.getState().setOverrides({ delimiter: ',' });
    const second = store.getState().setOverrides({ delimiter: ';' });
    await Promise.all([first, second]);
    expect(store.getState().preview?.columns).toEqual(['a', 'b']);
    expect(store.getState().overrides).toEqual({ delimiter: ';' });
  });

  it('cancels a running import', async () => {
    const { bridge } = spiedFake({ importChunkRows: 10, importTickMs: 5 });
    bridge.addFile('/data/big.csv', numbersCsv(5000));
    const store = createDatasetStore(bridge);
    await store.getState().open('/data/big.csv');
    expect(store.getState().phase).toBe('importing');
    await store.getState().cancelImport();
    await vi.waitFor(() => expect(store.getState().phase).toBe('cancelled'));
    expect(store.getState().error).toBeNull();
    store.dispose();
  });

  it('close forgets everything', async () => {
    const store = createDatasetStore(spiedFake().bridge);
    await store.getState().open('/data/small.csv');
    store.getState().close();
    expect(store.getState()).toMatchObject({ phase: 'idle', path: null, info: null, preview: null });
  });
});
