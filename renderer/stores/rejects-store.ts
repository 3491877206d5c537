// Rejected lines of the import (malformed lines kept with their line, reason and raw text), paged.

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type { RejectsPage } from '../../core/contract/datasets.js';
import type { AppErrorData } from '../../core/contract/errors.js';
import { latest } from './result.js';

/** State and actions of the rejects store. */
export interface RejectsState {
  datasetId: string | null;
  page: RejectsPage | null;
  offset: number;
  pageSize: number;
  loading: boolean;
  error: AppErrorData | null;
  setDataset(datasetId: string | null): Promise<void>;
  setOffset(offset: number): Promise<void>;
}

/** Creates the rejects store. */
export function createRejectsStore(bridge: AppBridge, opts: { pageSize?: number } = {}) {
  const asking = latest();
  return createStore<RejectsState>()((set, get) => {
    async function load(): Promise<void> {
      const { datasetId, offset, pageSize } = get();
      if (!datasetId) return;
      const k = asking.next();
      set({ loading: true });
      const r = await bridge['datasets.rejects']({ datasetId, offset, limit: pageSize });
      if (!asking.is(k)) return;
      set(r.ok ? { page: r.value, loading: false, error: null } : { error: r.error, loading: false });
    }
    return {
      datasetId: null,
      page: null,
      offset: 0,
      pageSize: opts.pageSize ?? 100,
      loading: false,
      error: null,
      async setDataset(datasetId) {
        asking.next();
        set({ datasetId, page: null, offset: 0, loading: false, error: null });
        await load();
      },
      async setOffset(offset) {
        set({ offset: Math.max(0, offset) });
        await load();
      },
    };
  });
}

/** The rejects store's type. */
export type RejectsStore = ReturnType<typeof createRejectsStore>;
