// The dataset's working recipe: its steps, the undo/redo cursor, and every change to it (apply an operation,
// undo, redo, disable or remove a step, import, export). Each change moves the dataset's current view, so
// `revision` is bumped and the app reloads the grid, findings and profile. Applying after an undo would drop
// the redo branch: the store asks first (`pending`) instead of letting the engine refuse.

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type { RecipeChange, RecipeView } from '../../core/contract/api-recipe.js';
import type { AppErrorData } from '../../core/contract/errors.js';
import type { Operation } from '../../core/contract/recipe.js';
import type { Result } from '../../core/contract/result.js';

/** State and actions of the recipe store. */
export interface RecipeStoreState {
  datasetId: string | null;
  view: RecipeView | null;
  /** The last change made here (what the UI reports: rows changed, findings after). */
  last: RecipeChange | null;
  /** A change is running. */
  busy: boolean;
  loading: boolean;
  /** Why the recipe could not be read (the recipe screen shows it). */
  loadError: AppErrorData | null;
  /** Why the last change was refused. */
  error: AppErrorData | null;
  /** Bumped after every change of the data. */
  revision: number;
  /** An operation waiting for the user to accept dropping the redo branch. */
  pending: { op: Operation; redoSteps: number } | null;
  setDataset(datasetId: string | null): Promise<void>;
  load(): Promise<void>;
  /** Applies an operation at the cursor; false when it waits for confirmation or failed. */
  apply(op: Operation, opts?: { confirmDropRedo?: boolean; note?: string }): Promise<boolean>;
  /** Applies the pending operation (dropping the redo branch), or forgets it. */
  confirmPending(accept: boolean): Promise<void>;
  undo(): Promise<boolean>;
  redo(): Promise<boolean>;
  setEnabled(stepId: string, enabled: boolean): Promise<boolean>;
  remove(stepId: string): Promise<boolean>;
  exportTo(path: string): Promise<{ path: string; steps: number } | null>;
  importFrom(path: string, confirmReplace?: boolean): Promise<boolean>;
}

/** Creates the recipe store. */
export function createRecipeStore(bridge: AppBridge) {
  return createStore<RecipeStoreState>()((set, get) => {
    /** Runs one change; the answer becomes the view. */
    async function change(call: (datasetId: string) => Promise<Result<RecipeChange>>): Promise<boolean> {
      const datasetId = get().datasetId;
      if (!datasetId || get().busy) return false;
      set({ busy: true, error: null });
      const r = await call(datasetId);
      if (get().datasetId !== datasetId) return false;
      if (!r.ok) {
        set({ busy: false, error: r.error });
        return false;
      }
      set({ busy: false, view: r.value, last: r.value, revision: get().revision + 1 });
      return true;
    }

    return {
      datasetId: null,
      view: null,
      last: null,
      busy: false,
      loading: false,
      loadError: null,
      error: null,
      revision: 0,
      pending: null,

      async setDataset(datasetId) {
        set({ datasetId, view: null, last: null, error: null, loadError: null, pending: null, busy: false });
        await get().load();
      },

      async load() {
        const datasetId = get().datasetId;
        if (!datasetId) return;
        set({ loading: true });
        const r = await bridge['recipe.get']({ datasetId });
        if (get().datasetId !== datasetId) return;
        set(
          r.ok ? { view: r.value, loading: false, loadError: null } : { loading: false, loadError: r.error },
        );
      },

      async apply(op, opts = {}) {
        const redoSteps = get().view?.redoSteps ?? 0;
        if (redoSteps > 0 && !opts.confirmDropRedo) {
          set({ pending: { op, redoSteps } });
          return false;
        }
        set({ pending: null });
        return change((datasetId) =>
          bridge['recipe.apply']({ datasetId, op, confirmDropRedo: opts.confirmDropRedo, note: opts.note }),
        );
      },

      async confirmPending(accept) {
        const p = get().pending;
        set({ pending: null });
        if (p && accept) await get().apply(p.op, { confirmDropRedo: true });
      },

      undo: () => change((datasetId) => bridge['recipe.undo']({ datasetId })),
      redo: () => change((datasetId) => bridge['recipe.redo']({ datasetId })),
      setEnabled: (stepId, enabled) =>
        change((datasetId) => bridge['recipe.setEnabled']({ datasetId, stepId, enabled })),
      remove: (stepId) => change((datasetId) => bridge['recipe.remove']({ datasetId, stepId })),
      importFrom: (path, confirmReplace) =>
        change((datasetId) => bridge['recipe.import']({ datasetId, path, confirmReplace })),

      async exportTo(path) {
        const datasetId = get().datasetId;
        if (!datasetId) return null;
        const r = await bridge['recipe.export']({ datasetId, path });
        if (!r.ok) {
          set({ error: r.error });
          return null;
        }
        set({ error: null });
        return { path: r.value.path, steps: r.value.steps };
      },
    };
  });
}

/** The recipe store's type. */
export type RecipeStore = ReturnType<typeof createRecipeStore>;
