// The grid's window cache: rows are fetched from the engine in fixed windows (never the whole table),
// kept in a bounded LRU, and fetched once however often the grid asks. The rows live outside zustand
// state (a Map), and `version` bumps when windows arrive so the canvas grid knows to repaint.
// A jump to rows not cached asks first for exactly the rows in view (one small answer, whichever windows
// they straddle: the rows show within one engine read), then the windows around them; while the view
// keeps moving, only the latest view is asked for, so a fast scroll does not queue a read per frame.
// Every read carries the findings marks of its rows (datasets.rows with `marks`), so the grid marks exactly the
// rows it has, however many findings the table holds; when the findings change, the rows in view are read again.

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type { RowsFilter, RowsPage, RowsSort } from '../../core/contract/datasets.js';
import type { AppErrorData } from '../../core/contract/errors.js';
import type { RuleName } from '../../core/contract/validation.js';

/** Sizing of the cache. */
export interface GridCacheOptions {
  /** Rows per window (default 256). */
  windowSize?: number;
  /** Windows kept (default 64, i.e. 16k rows). */
  maxWindows?: number;
  /** Rows around the view fetched (as windows) once the view shows (default 100). */
  overscan?: number;
}

/** Exact views kept besides the windows (the latest few jumps). */
const MAX_SPOTS = 4;
/** Exact-view reads in flight at once; a newer view waits for a free one (and replaces an older waiter). */
const MAX_SPOT_READS = 2;

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
  /**
   * The findings were read anew (`revision` counts that, see the findings store): unless this revision was
   * already seen, the rows in view are read again with their marks (a findings filter changes the rows: all
   * of them), and the rows held stay drawn until the new ones arrive.
   */
  findingsChanged(revision: number): Promise<void>;
  /** Makes sure rows [from, to) are cached (fetching the missing windows). */
  ensure(from: number, to: number): Promise<void>;
  /**
   * The grid shows rows [from, to): asks for exactly those when they are not cached or on their way, then
   * prefetches the windows around them (unless the view has moved on meanwhile).
   */
  show(from: number, to: number): Promise<void>;
  /** A cell's value; undefined while its window is not loaded. */
  cell(row: number, col: number): string | null | undefined;
  /** A row's source line; undefined while not loaded. */
  line(row: number): number | undefined;
  /** The rules a cell has findings of (of the last validation); undefined when none or not loaded. */
  rules(row: number, column: string): RuleName[] | undefined;
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
  const overscan = opts.overscan ?? 100;
  // Exact views (newest last) and the ones on their way, each with the rows it covers.
  let spots: RowsPage[] = [];
  const spotReads = new Set<{ from: number; to: number; done: Promise<void> }>();
  let waiting: { from: number; to: number; go: () => void } | null = null;
  // Bumped on every `show`: a prefetch for a view the user has left is not started.
  let shown = 0;
  // The rows in view, asked again after a reload (the grid asks only when it scrolls).
  let lastShown: { from: number; to: number } | null = null;
  // Pages whose marks are out of date, still drawn while the rows in view are read again.
  let stale: RowsPage[] = [];
  // Each page's marks by line, then column (built once per page: the canvas asks per cell and frame).
  const markIndex = new WeakMap<RowsPage, Map<number, Map<string, RuleName[]>>>();
  let findingsSeen = 0;

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

    // Reads rows [offset, offset + limit) of the current view; `keep` stores the page unless the view changed.
    async function read(datasetId: string, offset: number, limit: number, keep: (p: RowsPage) => void) {
      const gen = generation;
      const { sort, filters } = get();
      const r = await bridge['datasets.rows']({
        datasetId,
        offset,
        limit,
        ...(sort ? { sort } : {}),
        ...(filters.length ? { filters } : {}),
        marks: true,
      });
      if (gen !== generation || get().datasetId !== datasetId) return;
      if (!r.ok) return set({ error: r.error, loading: false });
      keep(r.value);
      const now = get();
      const old = now.columns;
      // The same column list keeps its identity, so views that depend on it do not re-render per window.
      const same = old.length === r.value.columns.length && old.every((c, i) => c === r.value.columns[i]);
      // Rows out of view need no repaint (a canvas grid repaints whole): it reads them when it scrolls there.
      const end = offset + r.value.rows.length;
      const seen = !lastShown || (offset < lastShown.to && end > lastShown.from);
      if (!seen && same && now.total === r.value.total && !now.loading && !now.error) return;
      set({
        version: get().version + 1,
        total: r.value.total,
        columns: same ? old : r.value.columns,
        loading: false,
        error: null,
      });
    }

    function fetchWindow(datasetId: string, w: number): Promise<void> {
      const running = inflight.get(w);
      if (running) return running;
      const p = read(datasetId, w * size, size, (page) => {
        windows.set(w, page);
        while (windows.size > max) windows.delete(windows.keys().next().value as number);
      }).finally(() => {
        if (inflight.get(w) === p) inflight.delete(w);
      });
      inflight.set(w, p);
      return p;
    }

    // Rows [from, to) are cached or on their way (a window or an exact view).
    function covered(from: number, to: number): boolean {
      for (let row = from; row < to;) {
        const w = Math.floor(row / size);
        if (windows.has(w) || inflight.has(w)) {
          row = (w + 1) * size;
          continue;
        }
        const spot =
          spots.find((p) => p.offset <= row && row < p.offset + p.rows.length) ??
          [...spotReads].find((x) => x.from <= row && row < x.to);
        if (!spot) return false;
        row = 'from' in spot ? spot.to : spot.offset + spot.rows.length;
      }
      return true;
    }

    // Asks for exactly rows [from, to); at most MAX_SPOT_READS at once, the newest waiter wins.
    async function readSpot(datasetId: string, from: number, to: number): Promise<void> {
      if (spotReads.size >= MAX_SPOT_READS) {
        const mine = await new Promise<boolean>((go) => {
          waiting?.go();
          waiting = { from, to, go: () => go(false) };
          const me = waiting;
          void Promise.race([...spotReads].map((x) => x.done)).then(() => {
            if (waiting === me) {
              waiting = null;
              go(true);
            }
          });
        });
        if (!mine || covered(from, to)) return;
      }
      const entry = { from, to, done: Promise.resolve() };
      entry.done = read(datasetId, from, to - from, (page) => {
        spots = [...spots.filter((p) => p.offset !== page.offset), page].slice(-MAX_SPOTS);
      }).finally(() => spotReads.delete(entry));
      spotReads.add(entry);
      await entry.done;
    }

    function forgetRows() {
      stale = [];
      windows.clear();
      inflight.clear();
      spots = [];
      spotReads.clear();
      waiting?.go();
      waiting = null;
    }

    // The page holding a row: its window, else the newest exact view with it, else a stale page.
    function rowAt(row: number): { page: RowsPage; i: number } | undefined {
      const page = windows.get(Math.floor(row / size));
      if (page && row - page.offset < page.rows.length) return { page, i: row - page.offset };
      for (const list of [spots, stale])
        for (let k = list.length - 1; k >= 0; k--) {
          const p = list[k]!;
          if (p.offset <= row && row < p.offset + p.rows.length) return { page: p, i: row - p.offset };
        }
      return undefined;
    }

    function marksOf(page: RowsPage): Map<number, Map<string, RuleName[]>> {
      let index = markIndex.get(page);
      if (!index) {
        index = new Map();
        for (const m of page.marks ?? []) {
          const cols = index.get(m.line) ?? new Map<string, RuleName[]>();
          index.set(m.line, cols);
          cols.set(m.column, [...(cols.get(m.column) ?? []), m.rule]);
        }
        markIndex.set(page, index);
      }
      return index;
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
        forgetRows();
        lastShown = null;
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
        const gen = ++generation;
        // The old rows stay visible until the first window of the new view arrives (no flash of empty, and a
        // cell being edited keeps its row), then every other old window and exact view goes.
        inflight.clear();
        spotReads.clear();
        waiting?.go();
        waiting = null;
        set({ loading: true });
        await fetchWindow(id, 0);
        // A newer reload or marks refresh (a recipe change does both at once) owns the view now.
        if (get().datasetId !== id || gen !== generation) return;
        for (const w of [...windows.keys()]) if (w !== 0) windows.delete(w);
        spots = [];
        stale = [];
        set({ loading: false, version: get().version + 1 });
        if (lastShown) await get().show(lastShown.from, lastShown.to);
      },

      async findingsChanged(revision) {
        const id = get().datasetId;
        if (revision === findingsSeen || !id) return;
        findingsSeen = revision;
        if (get().filters.some((f) => f.kind === 'findings')) return get().reload();
        const gen = ++generation;
        const held = [...spots, ...stale, ...windows.values()];
        forgetRows();
        stale = held;
        if (lastShown) await get().show(lastShown.from, lastShown.to);
        else await fetchWindow(id, 0);
        // A newer reload or refresh owns the stale pages now.
        if (gen !== generation) return;
        stale = [];
        set({ version: get().version + 1 });
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

      async show(from, to) {
        const id = get().datasetId;
        if (!id || to <= from) return;
        const mine = ++shown;
        lastShown = { from, to };
        const last = Math.min(to, Math.max(get().total, from + 1));
        for (let w = Math.floor(from / size); w <= Math.floor((last - 1) / size); w++) touch(w);
        if (!covered(from, last)) await readSpot(id, from, last);
        if (mine !== shown || get().datasetId !== id) return;
        await get().ensure(Math.max(0, from - overscan), to + overscan);
      },

      cell(row, col) {
        const r = rowAt(row);
        return r && (r.page.rows[r.i]?.[col] ?? null);
      },

      line(row) {
        const r = rowAt(row);
        return r && r.page.lines[r.i];
      },

      rules(row, column) {
        const r = rowAt(row);
        const line = r?.page.lines[r.i];
        return r && line !== undefined ? marksOf(r.page).get(line)?.get(column) : undefined;
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
