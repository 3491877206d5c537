// Findings of the last validation: the per column × rule counts (grouped for the panel), a filter, the
// current page, and an index of which cells have findings so the grid can mark them. The index is loaded
// in pages up to a cap, because the contract pages findings by column/rule, not by line range.

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
  /** line → column → rules, for marking cells. */
  marks: Map<number, Map<string, RuleName[]>>;
  /** False when there were more findings than the mark cap. */
  marksComplete: boolean;
  /** Shows a dataset's findings; with `validate`, validates first (no stale "no findings" in between). */
  setDataset(datasetId: string | null, opts?: { validate?: boolean }): Promise<void>;
  /** Runs validation, then reloads counts, page and marks. */
  validate(): Promise<void>;
  /** Reloads counts, page and marks from the last validation. */
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

/** Creates the findings store; `markCap` bounds the cell-mark index (default 50,000 findings). */
export function createFindingsStore(bridge: AppBridge, opts: { pageSize?: number; markCap?: number } = {}) {
  const cap = opts.markCap ?? 50_000;
  const paging = latest();
  const marking = latest();

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

    async function loadMarks(datasetId: string): Promise<void> {
      const k = marking.next();
      const marks = new Map<number, Map<string, RuleName[]>>();
      let offset = 0;
      let total = Infinity;
      while (offset < Math.min(total, cap)) {
        const r = await bridge['findings.page']({ datasetId, offset, limit: Math.min(1000, cap - offset) });
        if (!marking.is(k) || !r.ok) return;
        total = r.value.total;
        for (const f of r.value.findings) {
          const cols = marks.get(f.line) ?? new Map<string, RuleName[]>();
          marks.set(f.line, cols);
          cols.set(f.column, [...(cols.get(f.column) ?? []), f.rule]);
        }
        if (r.value.findings.length === 0) break;
        offset += r.value.findings.length;
      }
      set({ marks, marksComplete: offset >= total });
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
      marks: new Map(),
      marksComplete: true,

      async setDataset(datasetId, opts = {}) {
        paging.next();
        marking.next();
        set({
          datasetId,
          summary: null,
          groups: [],
          filter: {},
          page: null,
          offset: 0,
          marks: new Map(),
          marksComplete: true,
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
        set({ summary: r.value, groups: groupSummary(r.value) });
        await Promise.all([loadPage(), loadMarks(datasetId)]);
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
