// Embeddings: the models and devices to choose from, a run over a text column with live progress, the
// columns that have vectors, and the near-duplicates explorer (rows most similar to a row or a text).

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type {
  EmbedDevice,
  EmbeddedColumn,
  EmbedModelsList,
  EmbedProgressEvent,
  EmbedRunResult,
  SimilarResult,
} from '../../core/contract/api-embed.js';
import type { AppErrorData } from '../../core/contract/errors.js';

/** State and actions of the embeddings store. */
export interface EmbedState {
  datasetId: string | null;
  models: EmbedModelsList | null;
  column: string;
  model: string;
  device: EmbedDevice;
  running: boolean;
  progress: EmbedProgressEvent | null;
  result: EmbedRunResult | null;
  columns: EmbeddedColumn[];
  similar: SimilarResult | null;
  searching: boolean;
  error: AppErrorData | null;
  setDataset(datasetId: string | null): void;
  choose(patch: Partial<Pick<EmbedState, 'column' | 'model' | 'device'>>): void;
  load(): Promise<void>;
  run(): Promise<void>;
  /** The rows most similar to a row (by line) or a text. */
  findSimilar(query: { line: number } | { text: string }, k?: number): Promise<void>;
}

/** Creates the embeddings store. */
export function createEmbedStore(bridge: AppBridge) {
  const store = createStore<EmbedState>()((set, get) => ({
    datasetId: null,
    models: null,
    column: '',
    model: '',
    device: 'cpu',
    running: false,
    progress: null,
    result: null,
    columns: [],
    similar: null,
    searching: false,
    error: null,

    setDataset(datasetId) {
      set({
        datasetId,
        result: null,
        progress: null,
        columns: [],
        similar: null,
        error: null,
        running: false,
      });
    },
    choose(patch) {
      set(patch);
    },
    async load() {
      const datasetId = get().datasetId;
      const [models, columns] = await Promise.all([
        get().models ? null : bridge['embed.models']({}),
        datasetId ? bridge['embed.columns']({ datasetId }) : null,
      ]);
      if (models && !models.ok) return set({ error: models.error });
      if (columns && !columns.ok) return set({ error: columns.error });
      if (models) set({ models: models.value, model: get().model || models.value.defaultModel });
      if (columns) {
        set({ columns: columns.value });
        if (!get().column && columns.value[0]) set({ column: columns.value[0].column });
      }
    },
    async run() {
      const { datasetId, column, model, device } = get();
      if (!datasetId || !column || get().running) return;
      set({ running: true, error: null, result: null, progress: null });
      const r = await bridge['embed.run']({ datasetId, column, model: model || undefined, device });
      if (get().datasetId !== datasetId) return;
      set(r.ok ? { running: false, result: r.value } : { running: false, error: r.error });
      await get().load();
    },
    async findSimilar(query, k = 20) {
      const { datasetId, column } = get();
      if (!datasetId || !column) return;
      set({ searching: true, error: null });
      const r = await bridge['embed.similar']({ datasetId, column, ...query, k });
      set(r.ok ? { searching: false, similar: r.value } : { searching: false, error: r.error });
    },
  }));
  const off = bridge.on('embed.progress', (p) => {
    if (p.datasetId === store.getState().datasetId) store.setState({ progress: p });
  });
  return Object.assign(store, { dispose: off });
}

/** The embeddings store's type. */
export type EmbedStore = ReturnType<typeof createEmbedStore>;
