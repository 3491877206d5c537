import { describe, expect, it } from 'vitest';
import { createEmbedStore } from './embed-store.js';
import { mockBridge } from './mock-bridge.js';
import { createRunsStore } from './runs-store.js';

describe('runs store', () => {
  it('starts a run, shows its details, follows progress and re-reads it when a phase ends', async () => {
    let status = 'running';
    const m = mockBridge({
      'runs.start': () => ({ ok: true, value: { runId: 'r1', jobId: 'j1' } }),
      'runs.list': () => ({ ok: true, value: [{ runId: 'r1', status }] }),
      'runs.get': () => ({ ok: true, value: { runId: 'r1', status, phases: [] } }),
      'runs.log': () => ({ ok: true, value: { total: 2, events: [] } }),
      'runs.metrics': () => ({ ok: true, value: { phases: [], samples: [] } }),
    });
    const store = createRunsStore(m.bridge);
    store.getState().setPipeline('/p/pipeline.json');
    expect(await store.getState().start()).toBe('r1');
    expect(m.calls[0]?.req).toEqual({ pipelinePath: '/p/pipeline.json', input: undefined });
    expect(store.getState().selected?.status).toBe('running');
    m.emit('runs.progress', { runId: 'r1', phase: 'validate', rows: 10 } as never);
    expect(store.getState().progress.r1?.rows).toBe(10);
    status = 'done';
    m.emit('runs.event', { runId: 'r1', event: 'phase.progress' } as never);
    m.emit('runs.event', { runId: 'r1', event: 'run.done' } as never);
    await expect.poll(() => store.getState().selected?.status).toBe('done');
    expect(m.calls.filter((c) => c.method === 'runs.get')).toHaveLength(2);
  });

  it('re-reads a run that ends while its details are being read', async () => {
    let status = 'running';
    const m = mockBridge({
      'runs.list': () => ({ ok: true, value: [] }),
      'runs.get': () => {
        const value = { runId: 'r1', status, phases: [] };
        if (status === 'running') {
          status = 'done';
          m.emit('runs.event', { runId: 'r1', event: 'run.done' } as never);
        }
        return { ok: true, value };
      },
      'runs.log': () => ({ ok: true, value: { total: 0, events: [] } }),
      'runs.metrics': () => ({ ok: true, value: { phases: [], samples: [] } }),
    });
    const store = createRunsStore(m.bridge);
    await store.getState().select('r1');
    await expect.poll(() => store.getState().selected?.status).toBe('done');
  });

  it('keeps a refused start as the error', async () => {
    const m = mockBridge({
      'runs.start': () => ({ ok: false, error: { code: 'FILE_NOT_FOUND', message: 'no file', details: {} } }),
    });
    const store = createRunsStore(m.bridge);
    expect(await store.getState().start()).toBeNull();
    expect(store.getState()).toMatchObject({ busy: false, error: { code: 'FILE_NOT_FOUND' } });
  });
});

describe('embed store', () => {
  it('loads models, runs with progress events, lists columns and finds similar rows', async () => {
    let columns: unknown[] = [];
    const m = mockBridge({
      'embed.models': () => ({ ok: true, value: { models: [], defaultModel: 'lexical', devices: [] } }),
      'embed.columns': () => ({ ok: true, value: columns }),
      'embed.run': () => {
        m.emit('embed.progress', { datasetId: 'd', rowsDone: 5, rowsTotal: 10 } as never);
        columns = [{ column: 'notes' }];
        return { ok: true, value: { rows: 10 } };
      },
      'embed.similar': (req: { line?: number; k?: number }) => ({
        ok: true,
        value: { rows: [{ line: 7, score: 0.9, text: 'x' }], query: req },
      }),
    });
    const store = createEmbedStore(m.bridge);
    store.getState().setDataset('d');
    await store.getState().load();
    expect(store.getState().model).toBe('lexical');
    store.getState().choose({ column: 'notes', device: 'cuda' });
    await store.getState().run();
    expect(m.calls.find((c) => c.method === 'embed.run')?.req).toEqual({
      datasetId: 'd',
      column: 'notes',
      model: 'lexical',
      device: 'cuda',
    });
    expect(store.getState()).toMatchObject({
      running: false,
      result: { rows: 10 },
      progress: { rowsDone: 5 },
    });
    expect(store.getState().columns).toEqual([{ column: 'notes' }]);
    await store.getState().findSimilar({ line: 3 });
    expect(store.getState().similar?.rows[0]?.line).toBe(7);
  });
});
