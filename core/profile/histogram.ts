// Equal-width histograms computed in DuckDB: the bin edges come from the min/max of the first pass, each value
// maps to a bin index in SQL, and `histogram()` counts per index. Whole-number scales (integers, dates in days,
// string lengths) use whole-number widths, so a column of 0..5 gets six bins of width 1 instead of twenty
// fractional ones.

import type { HistogramBin } from '../contract/profile.js';
import type { AggSpec } from './layout.js';

/** Bins wanted. */
export const BINS = 20;

/** How a scale's numbers print as bin edges. */
export type EdgeFormat = 'number' | 'date' | 'datetime' | 'time';

/** The bins of one column: [lo + i·width, lo + (i+1)·width), the last one closed at hi. */
export interface BinPlan {
  lo: number;
  hi: number;
  width: number;
  count: number;
  whole: boolean;
  format: EdgeFormat;
}

/** Bins for values in [lo, hi]; `whole` for whole-number scales. */
export function planBins(lo: number, hi: number, whole: boolean, format: EdgeFormat = 'number'): BinPlan {
  if (whole) {
    const width = Math.max(1, Math.ceil((hi - lo + 1) / BINS));
    return { lo, hi, width, count: Math.ceil((hi - lo + 1) / width), whole, format };
  }
  const width = hi > lo ? (hi - lo) / BINS : 0;
  return { lo, hi, width, count: width === 0 ? 1 : BINS, whole, format };
}

/**
 * The histogram aggregate: each value's bin index from its column's parameters (lo, w, nb, len) — string
 * lengths when `len`, else the typed value (epoch days for dates, seconds for datetimes and times).
 */
export function histogramSpec(names: readonly string[]): AggSpec {
  return {
    alias: 'hist',
    names,
    sql: (s) => {
      const [lo, w, nb, len] = ['lo', 'w', 'nb', 'len'].map((k) => s.param(k));
      const typed = `coalesce(CASE WHEN isfinite(${s.t('n')}) THEN ${s.t('n')} END, epoch(${s.t('d')}) / 86400, epoch(${s.t('dt')}), epoch(${s.t('tm')}))`;
      const x = `(CASE WHEN ${len} THEN (CASE WHEN ${s.v} <> '' THEN length(${s.v}) END) ELSE ${typed} END)`;
      // least() skips NULLs (least(NULL, 19) = 19), so values without a bin are kept out explicitly.
      return `histogram(CASE WHEN ${x} IS NOT NULL THEN CASE WHEN ${w} = 0 THEN 0 ELSE least(floor((${x} - ${lo}) / ${w})::INTEGER, ${nb} - 1) END END)`;
    },
  };
}

/** SQL parameters of a column's bins for `histogramSpec`. */
export function binParams(p: BinPlan | null, len: boolean): Record<string, string> {
  const b = p ?? { lo: 0, width: 0, count: 1 };
  return { lo: `${b.lo}::DOUBLE`, w: `${b.width}::DOUBLE`, nb: String(b.count), len: String(len) };
}

function edge(v: number, f: EdgeFormat): number | string {
  switch (f) {
    case 'number':
      return v;
    case 'date':
      return new Date(v * 86_400_000).toISOString().slice(0, 10);
    case 'datetime':
      return new Date(Math.round(v * 1000)).toISOString().slice(0, 19);
    case 'time': {
      const s = Math.round(v);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
    }
  }
}

/** Bins with their counts, from `histogram()` output (a list of {key, value}, or an object). */
export function binsFromCounts(p: BinPlan, counts: unknown): HistogramBin[] {
  const byIndex = new Map<number, number>();
  const entries = Array.isArray(counts)
    ? (counts as { key: unknown; value: unknown }[]).map((e) => [e.key, e.value] as const)
    : Object.entries((counts ?? {}) as Record<string, unknown>);
  for (const [k, v] of entries) byIndex.set(Number(k), Number(v));
  return Array.from({ length: p.count }, (_, i) => {
    const from = p.lo + i * p.width;
    const last = i === p.count - 1;
    const to = last ? p.hi : from + p.width;
    return { from: edge(from, p.format), to: edge(to, p.format), count: byIndex.get(i) ?? 0 };
  });
}
