// The dataset profile (per-column statistics), loaded on demand and kept until the dataset changes.

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type { AppErrorData } from '../../core/contract/errors.js';
import type { DatasetProfile } from '../../core/contract/profile.js';

/** State and actions of the profile store. */
export interface ProfileState {
  datasetId: string | null;
  profile: DatasetProfile | null;
  loading: boolean;
  error: AppErrorData | null;
  setDataset(datasetId: string | null): void;
  /** Loads the profile unless it is already loaded or loading. */
  load(): Promise<void>;
}

/** Creates the profile store. */
export function createProfileStore(bridge: AppBridge) {
  return createStore<ProfileState>()((set, get) => ({
    datasetId: null,
    profile: null,
    loading: false,
    error: null,

    setDataset(datasetId) {
      if (datasetId !== get().datasetId) set({ datasetId, profile: null, loading: false, error: null });
    },

    async load() {
      const { datasetId, profile, loading } = get();
      if (!datasetId || profile || loading) return;
      set({ loading: true, error: null });
      const r = await bridge['profile.get']({ datasetId });
      if (get().datasetId !== datasetId) return;
      set(r.ok ? { profile: r.value, loading: false } : { error: r.error, loading: false });
    },
  }));
}

/** The profile store's type. */
export type ProfileStore = ReturnType<typeof createProfileStore>;
