// Equal-width histograms computed in DuckDB: the bin edges come from the min/max of the first pass, each value
// maps to a bin index in SQL, and `histogram()` counts per index. Whole-number scales (integers, dates in days,
// string lengths) use whole-number widths, so a column of 0..5 gets six bins of width 1 instead of twenty
// fractional ones.

import type { HistogramBin } from '../contract/profile.js';

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
 * SQL of each long-form row's bin index, reading the bins of its column from the joined parameters `p`
 * (lo, w, nb, len): string lengths when `p.len`, else the typed value (epoch days for dates, seconds for
 * datetimes and times).
 */
export function histogramSql(): string {
  const x = `CASE WHEN p.len THEN (CASE WHEN v <> '' THEN length(v) END)
    ELSE coalesce(CASE WHEN isfinite(t_n) THEN t_n END, epoch(t_d) / 86400, epoch(t_dt), epoch(t_tm)) END`;
  // least() skips NULLs (least(NULL, 19) = 19), so values without a bin are kept out explicitly.
  return `histogram(CASE WHEN (${x}) IS NOT NULL THEN
    CASE WHEN p.w = 0 THEN 0 ELSE least(floor(((${x}) - p.lo) / p.w)::INTEGER, p.nb - 1) END END)`;
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
