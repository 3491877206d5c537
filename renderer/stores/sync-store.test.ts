import { describe, expect, it } from 'vitest';
import type { SyncResult } from '../../core/contract/sync.js';
import { mockBridge } from './mock-bridge.js';
import { createSyncStore } from './sync-store.js';

const RESULT = { syncId: 's1', status: 'done', inserted: 5, rejected: 1 } as SyncResult;

function setup() {
  let synced = 0;
  const m = mockBridge({
    'sync.plan': () => ({ ok: true, value: { rows: 6, heldBack: 0, counts: { inserted: 5 } } }),
    'sync.run': () => ({ ok: true, value: { jobId: 'j1' } }),
    'sync.list': () => ({ ok: true, value: [{ syncId: 's1', status: 'done' }] }),
    'sync.rollback': (req: { syncId: string }) => ({
      ok: true,
      value: { syncId: req.syncId, rowsDeleted: 5 },
    }),
    'connections.list': () => ({ ok: true, value: [] }),
    'connections.test': () => ({
      ok: false,
      error: { code: 'DB_UNREACHABLE', message: 'refused', details: {} },
    }),
  });
  const store = createSyncStore(m.bridge, () => synced++);
  store.getState().setDataset('d');
  return { ...m, store, synced: () => synced };
}

describe('sync store', () => {
  it('sends the form as the request: target, table, mode and key list', async () => {
    const { store, calls } = setup();
    store.getState().setForm({ to: 'postgres://x/db', table: 'orders', mode: 'upsert', key: 'id, day' });
    await store.getState().plan();
    expect(calls[0]).toEqual({
      method: 'sync.plan',
      req: { datasetId: 'd', to: 'postgres://x/db', table: 'orders', mode: 'upsert', key: ['id', 'day'] },
    });
    expect(store.getState().dryRun?.rows).toBe(6);
  });

  it('follows the job by its events, then reloads the history and refreshes findings', async () => {
    const { store, emit, synced } = setup();
    store.getState().setForm({ table: 'orders' });
    await store.getState().run();
    expect(store.getState()).toMatchObject({ jobId: 'j1', busy: true });
    emit('sync.progress', { jobId: 'other', rowsDone: 1 } as never);
    expect(store.getState().progress).toBeNull();
    emit('sync.progress', { jobId: 'j1', syncId: 's1', rowsDone: 3, rowsTotal: 6 } as never);
    expect(store.getState().progress?.rowsDone).toBe(3);
    emit('sync.finished', { jobId: 'j1', ok: true, syncId: 's1', result: RESULT });
    expect(store.getState()).toMatchObject({ jobId: null, busy: false, result: RESULT });
    expect(synced()).toBe(1);
    await expect.poll(() => store.getState().history.length).toBe(1);
  });

  it('handles a job that ends before its start call answers', async () => {
    const m = mockBridge({
      'sync.run': () => {
        m.emit('sync.finished', { jobId: 'fast', ok: true, result: RESULT });
        return { ok: true, value: { jobId: 'fast' } };
      },
      'sync.list': () => ({ ok: true, value: [] }),
    });
    const store = createSyncStore(m.bridge);
    store.getState().setForm({ table: 't' });
    await store.getState().run();
    expect(store.getState()).toMatchObject({ jobId: null, busy: false, result: RESULT });
  });

  it('rolls back a sync and reports a failed connection test', async () => {
    const { store } = setup();
    expect(await store.getState().rollback('s1')).toBe(true);
    expect(store.getState().rolledBack?.rowsDeleted).toBe(5);
    await store.getState().test('prod');
    expect(store.getState().tested).toMatchObject({ target: 'prod', error: { code: 'DB_UNREACHABLE' } });
  });
});
