// The grid's window cache: rows are fetched from the engine in fixed windows (never the whole table),
// kept in a bounded LRU, and fetched once however often the grid asks. The rows live outside zustand
// state (a Map), and `version` bumps when windows arrive so the canvas grid knows to repaint.

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type { RowsFilter, RowsPage, RowsSort } from '../../core/contract/datasets.js';
import type { AppErrorData } from '../../core/contract/errors.js';

/** Sizing of the cache. */
export interface GridCacheOptions {
  /** Rows per window (default 256). */
  windowSize?: number;
  /** Windows kept (default 64, i.e. 16k rows). */
  maxWindows?: number;
}

/** State and actions of the grid store. */
export interface GridState {
  datasetId: string | null;
  columns: string[];
  total: number;
  /** Bumped whenever cached rows change. */
  version: number;
  loading: boolean;
  error: AppErrorData | null;
  /** The order of the rows (none: source line order). */
  sort: RowsSort | null;
  /** Filters that all hold for the rows shown (computed by the engine over the whole table). */
  filters: RowsFilter[];
  /** Shows a dataset: learns its columns and row count from the first window. */
  setDataset(datasetId: string | null): Promise<void>;
  /** Changes the order and/or the filters; the rows are fetched again. */
  setView(view: { sort?: RowsSort | null; filters?: RowsFilter[] }): Promise<void>;
  /** Fetches the rows again (the data changed: a recipe step, an edit). */
  reload(): Promise<void>;
  /** Makes sure rows [from, to) are cached (fetching the missing windows). */
  ensure(from: number, to: number): Promise<void>;
  /** A cell's value; undefined while its window is not loaded. */
  cell(row: number, col: number): string | null | undefined;
  /** A row's source line; undefined while not loaded. */
  line(row: number): number | undefined;
  /** The row index showing a source line, or null (binary search when rows are in line order, else the cache). */
  locateLine(line: number): Promise<number | null>;
  /** A cell the view should scroll to and select (set by the findings panel). */
  target: { row: number; column: string; seq: number } | null;
  /** Scrolls the grid to the row showing `line` and selects `column` there; false when the line is not shown. */
  reveal(line: number, column: string): Promise<boolean>;
}

/** Creates the grid store. */
export function createGridStore(bridge: AppBridge, opts: GridCacheOptions = {}) {
  const size = opts.windowSize ?? 256;
  const max = opts.maxWindows ?? 64;
  // Map order is the LRU order: a hit is re-inserted at the end; eviction takes the first key.
  const windows = new Map<number, RowsPage>();
  const inflight = new Map<number, Promise<void>>();

  const store = createStore<GridState>()((set, get) => {
    function touch(w: number): RowsPage | undefined {
      const page = windows.get(w);
      if (page) {
        windows.delete(w);
        windows.set(w, page);
      }
      return page;
    }

    // Bumped whenever the dataset, order or filters change: answers for an older view are dropped.
    let generation = 0;

    function fetchWindow(datasetId: string, w: number): Promise<void> {
      const running = inflight.get(w);
      if (running) return running;
      const gen = generation;
      const { sort, filters } = get();
      const p = (async () => {
        const r = await bridge['datasets.rows']({
          datasetId,
          offset: w * size,
          limit: size,
          ...(sort ? { sort } : {}),
          ...(filters.length ? { filters } : {}),
        });
        if (gen !== generation || get().datasetId !== datasetId) return;
        if (!r.ok) return set({ error: r.error, loading: false });
        windows.set(w, r.value);
        while (windows.size > max) windows.delete(windows.keys().next().value as number);
        set({
          version: get().version + 1,
          total: r.value.total,
          columns: r.value.columns,
          loading: false,
          error: null,
        });
      })().finally(() => {
        if (inflight.get(w) === p) inflight.delete(w);
      });
      inflight.set(w, p);
      return p;
    }

    return {
      datasetId: null,
      columns: [],
      total: 0,
      version: 0,
      loading: false,
      error: null,
      target: null,
      sort: null,
      filters: [],

      async reveal(line, column) {
        const row = await get().locateLine(line);
        if (row === null) return false;
        set({ target: { row, column, seq: (get().target?.seq ?? 0) + 1 } });
        return true;
      },

      async setDataset(datasetId) {
        generation++;
        windows.clear();
        inflight.clear();
        set({
          datasetId,
          columns: [],
          total: 0,
          sort: null,
          filters: [],
          version: get().version + 1,
          loading: datasetId !== null,
          error: null,
        });
        if (datasetId) await fetchWindow(datasetId, 0);
      },

      async setView(view) {
        set({
          ...(view.sort !== undefined ? { sort: view.sort } : {}),
          ...(view.filters !== undefined ? { filters: view.filters } : {}),
        });
        await get().reload();
      },

      async reload() {
        const id = get().datasetId;
        if (!id) return;
        generation++;
        // The old rows stay visible until the first window of the new view arrives (no flash of empty),
        // then every other old window goes.
        inflight.clear();
        windows.delete(0);
        set({ loading: true });
        await fetchWindow(id, 0);
        if (get().datasetId !== id) return;
        for (const w of [...windows.keys()]) if (w !== 0) windows.delete(w);
        set({ loading: false, version: get().version + 1 });
      },

      async ensure(from, to) {
        const id = get().datasetId;
        if (!id) return;
        const last = Math.min(to, Math.max(get().total, from + 1)) - 1;
        const need: Promise<void>[] = [];
        for (let w = Math.floor(Math.max(0, from) / size); w <= Math.floor(Math.max(0, last) / size); w++)
          if (!touch(w)) need.push(fetchWindow(id, w));
        await Promise.all(need);
      },

      cell(row, col) {
        const page = windows.get(Math.floor(row / size));
        const r = page?.rows[row - page.offset];
        return r === undefined ? undefined : (r[col] ?? null);
      },

      line(row) {
        const page = windows.get(Math.floor(row / size));
        return page?.lines[row - page.offset];
      },

      async locateLine(line) {
        const id = get().datasetId;
        if (get().sort) {
          // Sorted rows are not in line order: only rows already fetched can be found.
          for (const page of windows.values()) {
            const i = page.lines.indexOf(line);
            if (i >= 0) return page.offset + i;
          }
          return null;
        }
        let lo = 0;
        let hi = get().total - 1;
        while (id && lo <= hi) {
          const w = Math.floor((lo + hi) / 2 / size);
          await get().ensure(w * size, (w + 1) * size);
          const page = windows.get(w);
          if (!page || page.lines.length === 0) return null;
          const first = page.lines[0]!;
          const lastLine = page.lines.at(-1)!;
          if (line < first) hi = page.offset - 1;
          else if (line > lastLine) lo = page.offset + page.lines.length;
          else {
            const i = page.lines.indexOf(line);
            return i < 0 ? null : page.offset + i;
          }
        }
        return null;
      },
    };
  });
  return Object.assign(store, {
    /** Windows currently cached (for tests and diagnostics). */
    cachedWindows: () => [...windows.keys()],
  });
}

/** The grid store's type. */
export type GridStore = ReturnType<typeof createGridStore>;
