// The dataset being opened: detection (as detected, then as overridden), live preview, the background
// import's progress and its outcome. Completion is learnt both from the job's final event and from
// `datasets.waitForImport`, whichever comes first, so a missed event can never leave the UI waiting.

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type { DatasetInfo, Detection, OpenOverrides, Preview } from '../../core/contract/datasets.js';
import type { AppErrorData } from '../../core/contract/errors.js';
import type { JobProgress } from '../../core/contract/jobs.js';
import { errorOf, latest } from './result.js';

/** Where the dataset is in its life. */
export type DatasetPhase = 'idle' | 'opening' | 'importing' | 'ready' | 'stale' | 'failed' | 'cancelled';

/** State and actions of the dataset store. */
export interface DatasetState {
  path: string | null;
  phase: DatasetPhase;
  info: DatasetInfo | null;
  /** The detection shown: the import's, or the one for the pending overrides. */
  detection: Detection | null;
  overrides: OpenOverrides;
  /** True when the overrides differ from what the current import used. */
  overridesPending: boolean;
  preview: Preview | null;
  previewLoading: boolean;
  progress: JobProgress | null;
  error: AppErrorData | null;
  /** Opens a file: detection and preview at once, the import in the background. */
  open(path: string, opts?: { reimport?: boolean }): Promise<void>;
  /** Changes overrides and refreshes detection and preview (nothing is imported). */
  setOverrides(patch: OpenOverrides): Promise<void>;
  /** Imports again with the current overrides. */
  reimport(): Promise<void>;
  cancelImport(): Promise<void>;
  /** Forgets the dataset (back to the start screen). */
  close(): void;
}

const phaseOf = (info: DatasetInfo): DatasetPhase => info.status;

const INITIAL = {
  path: null,
  phase: 'idle',
  info: null,
  detection: null,
  overrides: {},
  overridesPending: false,
  preview: null,
  previewLoading: false,
  progress: null,
  error: null,
} as const satisfies Partial<DatasetState>;

/** Creates the dataset store over a bridge; `dispose` stops listening to events. */
export function createDatasetStore(bridge: AppBridge) {
  const opening = latest();
  const previewing = latest();
  let jobId: string | undefined;

  const store = createStore<DatasetState>()((set, get) => ({
    ...INITIAL,

    async open(path, opts = {}) {
      const k = opening.next();
      const same = path === get().path;
      const overrides = same ? get().overrides : {};
      set({
        path,
        phase: 'opening',
        error: null,
        progress: null,
        overrides,
        ...(same ? {} : { info: null, preview: null, detection: null }),
      });
      const r = await bridge['datasets.open']({ path, overrides, reimport: opts.reimport });
      if (!opening.is(k)) return;
      if (!r.ok) return set({ phase: 'failed', error: r.error });
      const info = r.value;
      jobId = info.importJobId;
      set({
        info,
        detection: info.detection,
        preview: info.preview,
        phase: phaseOf(info),
        overridesPending: false,
      });
      if (info.status === 'importing') void follow(info.datasetId);
    },

    async setOverrides(patch) {
      const path = get().path;
      if (!path) return;
      const overrides = { ...get().overrides, ...patch };
      const k = previewing.next();
      set({ overrides, previewLoading: true, overridesPending: true });
      const [d, p] = await Promise.all([
        bridge['datasets.detect']({ path, overrides }),
        bridge['datasets.preview']({ path, overrides, rows: 200 }),
      ]);
      if (!previewing.is(k)) return;
      const error = errorOf(d) ?? errorOf(p);
      set({
        previewLoading: false,
        error,
        ...(d.ok ? { detection: d.value } : {}),
        ...(p.ok ? { preview: p.value } : {}),
      });
    },

    async reimport() {
      const path = get().path;
      if (path) await get().open(path, { reimport: true });
    },

    async cancelImport() {
      if (jobId) await bridge['jobs.cancel']({ jobId });
    },

    close() {
      opening.next();
      previewing.next();
      jobId = undefined;
      set({ ...INITIAL });
    },
  }));

  /** Re-reads the dataset after its import ended; `error` is the job's, when it failed. */
  async function refresh(datasetId: string, error: AppErrorData | null): Promise<void> {
    const r = await bridge['datasets.get']({ datasetId });
    const s = store.getState();
    if (s.info?.datasetId !== datasetId || s.phase !== 'importing') return;
    if (!r.ok) return store.setState({ phase: 'failed', error: r.error });
    jobId = r.value.importJobId;
    const phase = phaseOf(r.value);
    store.setState({ info: r.value, phase, progress: null, error: phase === 'failed' ? error : null });
  }

  async function follow(datasetId: string): Promise<void> {
    const r = await bridge['datasets.waitForImport']({ datasetId });
    await refresh(datasetId, errorOf(r));
  }

  const offs = [
    bridge.on('jobs.progress', (p) => {
      if (p.jobId === jobId && store.getState().phase === 'importing') store.setState({ progress: p });
    }),
    bridge.on('jobs.finished', (f) => {
      const id = store.getState().info?.datasetId;
      if (f.jobId === jobId && id) void refresh(id, f.error ?? null);
    }),
  ];

  return Object.assign(store, { dispose: () => offs.forEach((off) => off()) });
}

/** The dataset store's type. */
export type DatasetStore = ReturnType<typeof createDatasetStore>;
