// Sync to PostgreSQL: saved connections (add, test, remove), the form (target, table, mode, key), a dry run
// with its counts, the running job's progress (events), its result, the target's sync history and rollback.
// A finished sync calls `onSynced`: the rows the database rejected are findings now (rule `sync`).

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type { SyncFinished } from '../../core/contract/api-sync.js';
import type { AppErrorData } from '../../core/contract/errors.js';
import type {
  ConnectionInfo,
  ConnectionInput,
  ConnectionTestResult,
  RollbackResult,
  SyncDryRun,
  SyncMode,
  SyncProgress,
  SyncRecord,
  SyncResult,
} from '../../core/contract/sync.js';

/** What the sync form holds. */
export interface SyncForm {
  /** Saved connection name or postgres:// URL; '' = $DATABASE_URL, else the local sandbox. */
  to: string;
  table: string;
  mode: SyncMode;
  /** Comma-separated key fields (upsert / insert-new). */
  key: string;
}

/** State and actions of the sync store. */
export interface SyncState {
  datasetId: string | null;
  form: SyncForm;
  connections: ConnectionInfo[];
  tested: { target: string; result?: ConnectionTestResult & { label: string }; error?: AppErrorData } | null;
  dryRun: SyncDryRun | null;
  planning: boolean;
  jobId: string | null;
  progress: SyncProgress | null;
  result: SyncResult | null;
  history: SyncRecord[];
  rolledBack: RollbackResult | null;
  busy: boolean;
  error: AppErrorData | null;
  setDataset(datasetId: string | null): void;
  setForm(patch: Partial<SyncForm>): void;
  loadConnections(): Promise<void>;
  addConnection(input: ConnectionInput): Promise<boolean>;
  removeConnection(name: string): Promise<void>;
  test(target: string): Promise<void>;
  plan(): Promise<void>;
  run(): Promise<void>;
  loadHistory(): Promise<void>;
  rollback(syncId: string): Promise<boolean>;
}

/** Creates the sync store. */
export function createSyncStore(bridge: AppBridge, onSynced: () => void = () => {}) {
  // A fast job can end before its start call answers: its end is kept until the job id is known.
  const early = new Map<string, SyncFinished>();
  const finish = (f: SyncFinished) => {
    store.setState({
      jobId: null,
      busy: false,
      result: f.result ?? null,
      error: f.ok ? null : (f.error ?? null),
    });
    void store.getState().loadHistory();
    onSynced();
  };
  const store = createStore<SyncState>()((set, get) => {
    const to = () => get().form.to.trim() || undefined;
    const request = () => {
      const { form, datasetId } = get();
      const key = form.key
        .split(',')
        .map((k) => k.trim())
        .filter(Boolean);
      return {
        datasetId: datasetId ?? undefined,
        to: to(),
        table: form.table.trim(),
        mode: form.mode,
        ...(key.length ? { key } : {}),
      };
    };
    return {
      datasetId: null,
      form: { to: '', table: '', mode: 'append', key: '' },
      connections: [],
      tested: null,
      dryRun: null,
      planning: false,
      jobId: null,
      progress: null,
      result: null,
      history: [],
      rolledBack: null,
      busy: false,
      error: null,

      setDataset(datasetId) {
        set({ datasetId, dryRun: null, result: null, progress: null, jobId: null, error: null });
      },
      setForm(patch) {
        set({ form: { ...get().form, ...patch }, dryRun: null });
      },
      async loadConnections() {
        const r = await bridge['connections.list']({});
        set(r.ok ? { connections: r.value } : { error: r.error });
      },
      async addConnection(input) {
        const r = await bridge['connections.add'](input);
        if (!r.ok) {
          set({ error: r.error });
          return false;
        }
        set({ error: null });
        await get().loadConnections();
        return true;
      },
      async removeConnection(name) {
        const r = await bridge['connections.remove']({ name });
        if (!r.ok) set({ error: r.error });
        await get().loadConnections();
      },
      async test(target) {
        set({ tested: { target } });
        const r = await bridge['connections.test'](
          /^postgres(ql)?:\/\//.test(target) ? { url: target } : { name: target },
        );
        set({ tested: r.ok ? { target, result: r.value } : { target, error: r.error } });
      },
      async plan() {
        set({ planning: true, error: null, dryRun: null });
        const r = await bridge['sync.plan'](request());
        set(r.ok ? { planning: false, dryRun: r.value } : { planning: false, error: r.error });
      },
      async run() {
        if (get().jobId) return;
        set({ busy: true, error: null, result: null, progress: null, rolledBack: null });
        const r = await bridge['sync.run'](request());
        if (!r.ok) return set({ busy: false, error: r.error });
        const done = early.get(r.value.jobId);
        set({ jobId: r.value.jobId });
        if (done) finish(done);
      },
      async loadHistory() {
        const r = await bridge['sync.list']({ to: to(), limit: 20 });
        set(r.ok ? { history: r.value } : { error: r.error });
      },
      async rollback(syncId) {
        set({ busy: true, error: null });
        const r = await bridge['sync.rollback']({ to: to(), syncId });
        // The result shown above no longer describes the target once its sync is rolled back.
        const result = r.ok && get().result?.syncId === syncId ? null : get().result;
        set(r.ok ? { busy: false, rolledBack: r.value, result } : { busy: false, error: r.error });
        await get().loadHistory();
        return r.ok;
      },
    };
  });

  const offs = [
    bridge.on('sync.progress', (p) => {
      if (p.jobId === store.getState().jobId) store.setState({ progress: p });
    }),
    bridge.on('sync.finished', (f) => {
      if (f.jobId === store.getState().jobId) finish(f);
      else if (store.getState().busy) early.set(f.jobId, f);
    }),
  ];
  return Object.assign(store, { dispose: () => offs.forEach((off) => off()) });
}

/** The sync store's type. */
export type SyncStore = ReturnType<typeof createSyncStore>;
