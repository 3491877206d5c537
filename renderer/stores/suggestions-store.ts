// Suggested fixes for the selected findings group, each with its effect measured by the engine on the whole
// table. Applying one goes through the recipe (so it can be undone); the list is asked again after every change
// of the data, because the findings it fixes have changed. Only a selected group is asked for: measuring the
// fixes of every group scans the table once per candidate fix (about 30 s at 1M rows), and that ran after every
// validation and recipe step, slowing the grid's windows and holding up the next profile or validation.

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type { AppErrorData } from '../../core/contract/errors.js';
import type { Operation, Suggestion } from '../../core/contract/recipe.js';
import type { RuleName } from '../../core/contract/validation.js';
import { latest } from './result.js';

/** State and actions of the suggestions store. */
export interface SuggestionsState {
  datasetId: string | null;
  group: { column?: string; rule?: RuleName };
  items: Suggestion[];
  loading: boolean;
  error: AppErrorData | null;
  /** The suggestion being applied (its index). */
  applying: number | null;
  /** The last suggestion applied here. */
  applied: Suggestion | null;
  setDataset(datasetId: string | null): void;
  /** True while no findings group is selected: nothing is asked for until one is. */
  needsGroup: boolean;
  /** Lists suggestions for a group (default: the one selected); without a column, clears the list. */
  load(group?: { column?: string; rule?: RuleName }): Promise<void>;
  apply(index: number): Promise<boolean>;
}

/** Creates the suggestions store; `applyOp` applies an operation through the recipe. */
export function createSuggestionsStore(
  bridge: AppBridge,
  applyOp: (op: Operation, note: string) => Promise<boolean>,
) {
  const asking = latest();
  return createStore<SuggestionsState>()((set, get) => ({
    datasetId: null,
    group: {},
    items: [],
    loading: false,
    error: null,
    applying: null,
    applied: null,
    needsGroup: true,

    setDataset(datasetId) {
      asking.next();
      set({
        datasetId,
        group: {},
        items: [],
        error: null,
        applying: null,
        applied: null,
        loading: false,
        needsGroup: true,
      });
    },

    async load(group = get().group) {
      const datasetId = get().datasetId;
      if (!datasetId) return;
      const k = asking.next();
      if (group.column === undefined)
        return set({ group, items: [], loading: false, error: null, needsGroup: true });
      set({ group, loading: true, needsGroup: false });
      const r = await bridge['suggestions.list']({ datasetId, ...group, maxPerGroup: 3 });
      if (!asking.is(k)) return;
      // Not validated yet is not an error worth showing: there is simply nothing to suggest.
      if (!r.ok && r.error.code === 'NOT_FOUND') return set({ items: [], loading: false, error: null });
      set(r.ok ? { items: r.value, loading: false, error: null } : { loading: false, error: r.error });
    },

    async apply(index) {
      const s = get().items[index];
      if (!s || get().applying !== null) return false;
      set({ applying: index });
      const ok = await applyOp(s.op, s.title);
      // The list described the data before the fix: it is asked again once the findings are recomputed.
      set({ applying: null, ...(ok ? { applied: s, items: [] } : {}) });
      return ok;
    },
  }));
}

/** The suggestions store's type. */
export type SuggestionsStore = ReturnType<typeof createSuggestionsStore>;
