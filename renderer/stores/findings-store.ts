// Findings of the last validation: the per column × rule counts (grouped for the panel), a filter and the
// current page. The grid's cell marks come with its rows (datasets.rows with `marks`); `revision` tells it
// when the findings were read anew, so it reads the marks of the rows in view again.

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type { AppErrorData } from '../../core/contract/errors.js';
import type { FindingsPage, FindingsSummary, RuleName } from '../../core/contract/validation.js';
import { latest } from './result.js';

/** One row of the findings panel. */
export interface FindingGroup {
  column: string;
  rule: RuleName;
  count: number;
}

/** What the findings list shows. */
export interface FindingsFilter {
  column?: string;
  rule?: RuleName;
}

/** State and actions of the findings store. */
export interface FindingsState {
  datasetId: string | null;
  summary: FindingsSummary | null;
  groups: FindingGroup[];
  filter: FindingsFilter;
  page: FindingsPage | null;
  /** First finding of the page shown. */
  offset: number;
  pageSize: number;
  validating: boolean;
  loading: boolean;
  error: AppErrorData | null;
  /** Bumped whenever the findings were read anew (after a validation, a recipe change, a sync). */
  revision: number;
  /** Shows a dataset's findings; with `validate`, validates first (no stale "no findings" in between). */
  setDataset(datasetId: string | null, opts?: { validate?: boolean }): Promise<void>;
  /** Runs validation, then reloads counts and page. */
  validate(): Promise<void>;
  /** Reloads counts and page from the last validation (and bumps `revision`). */
  refresh(): Promise<void>;
  setFilter(filter: FindingsFilter): Promise<void>;
  setOffset(offset: number): Promise<void>;
}

/** Groups a summary, most findings first (ties: column then rule name). */
export function groupSummary(s: FindingsSummary): FindingGroup[] {
  const out: FindingGroup[] = [];
  for (const [column, rules] of Object.entries(s.byColumn))
    for (const [rule, count] of Object.entries(rules))
      if (count) out.push({ column, rule: rule as RuleName, count });
  return out.sort(
    (a, b) => b.count - a.count || a.column.localeCompare(b.column) || a.rule.localeCompare(b.rule),
  );
}

/** Creates the findings store. */
export function createFindingsStore(bridge: AppBridge, opts: { pageSize?: number } = {}) {
  const paging = latest();

  return createStore<FindingsState>()((set, get) => {
    async function loadPage(): Promise<void> {
      const { datasetId, filter, pageSize } = get();
      if (!datasetId) return;
      const k = paging.next();
      set({ loading: true });
      const r = await bridge['findings.page']({
        datasetId,
        ...filter,
        offset: get().offset,
        limit: pageSize,
      });
      if (!paging.is(k)) return;
      set(r.ok ? { page: r.value, loading: false } : { error: r.error, loading: false });
    }

    return {
      datasetId: null,
      summary: null,
      groups: [],
      filter: {},
      page: null,
      offset: 0,
      pageSize: opts.pageSize ?? 100,
      validating: false,
      loading: false,
      error: null,
      revision: 0,

      async setDataset(datasetId, opts = {}) {
        paging.next();
        set({
          datasetId,
          summary: null,
          groups: [],
          filter: {},
          page: null,
          offset: 0,
          error: null,
        });
        if (datasetId) await (opts.validate ? get().validate() : get().refresh());
      },

      async validate() {
        const datasetId = get().datasetId;
        if (!datasetId) return;
        set({ validating: true, error: null });
        const r = await bridge['validation.run']({ datasetId });
        if (get().datasetId !== datasetId) return;
        set({ validating: false, ...(r.ok ? {} : { error: r.error }) });
        if (r.ok) await get().refresh();
      },

      async refresh() {
        const datasetId = get().datasetId;
        if (!datasetId) return;
        const r = await bridge['findings.summary']({ datasetId });
        if (get().datasetId !== datasetId) return;
        if (!r.ok) return set({ error: r.error });
        set({ summary: r.value, groups: groupSummary(r.value), revision: get().revision + 1 });
        await loadPage();
      },

      async setFilter(filter) {
        set({ filter, offset: 0 });
        await loadPage();
      },

      async setOffset(offset) {
        set({ offset: Math.max(0, offset) });
        await loadPage();
      },
    };
  });
}

/** The findings store's type. */
export type FindingsStore = ReturnType<typeof createFindingsStore>;
