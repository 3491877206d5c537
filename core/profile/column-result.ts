// A column's profile as the batch computes it, and its conversion into the contract's ColumnProfile.

import type { ColumnProfile } from '../contract/profile.js';
import type { FieldType } from '../contract/schema.js';
import { isOrdered, type Candidate } from './candidates.js';
import { binsFromCounts, planBins, type BinPlan } from './histogram.js';
import { familyOf } from './long-sql.js';
import { QUANTILES } from './stats-sql.js';

/** What the batch knows about one column so far. */
export interface ColumnState {
  name: string;
  /** Candidates still to count over the whole table. */
  cands: Candidate[];
  guess: Candidate | null;
  chosen: Candidate | null;
  confidence: number;
  /** Pass A's (and the re-stat's) aggregate row for this column. */
  stats: Record<string, unknown>;
  bins: BinPlan | null;
  /** Whether the distinct count is exact (recounted in pass B above the exact limit). */
  exactDistinct: boolean;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** A typed figure as the contract carries it: numbers as numbers, dates and times as ISO text. */
export function typedFigure(type: FieldType, v: unknown): number | string | null {
  if (v === null || v === undefined) return null;
  if (type === 'integer' || type === 'number') return Number(v);
  const s = String(v);
  return type === 'datetime' ? s.replace(' ', 'T') : s;
}

function quantilesOf(type: FieldType, v: unknown): ColumnProfile['quantiles'] {
  if (!Array.isArray(v) || v.length !== QUANTILES.length || v.some((x) => x === null)) return null;
  const q = v.map((x) => typedFigure(type, x) as number | string);
  return { p05: q[0]!, p25: q[1]!, p50: q[2]!, p75: q[3]!, p95: q[4]! };
}

/** Bins for the column's histogram: of typed values for ordered types, of lengths otherwise; null if empty. */
export function planFor(c: ColumnState): BinPlan | null {
  const type = c.chosen?.field.type;
  const f = type ? familyOf(type) : null;
  if (type && f) {
    const [lo, hi] =
      f === 'n'
        ? [num(c.stats.n_min), num(c.stats.n_max)]
        : [num(c.stats[`${f}_emin`]), num(c.stats[`${f}_emax`])];
    if (lo === null || hi === null) return null;
    if (f === 'n') return planBins(lo, hi, type === 'integer');
    if (f === 'd') return planBins(lo / 86400, hi / 86400, true, 'date');
    return planBins(lo, hi, false, f === 'tm' ? 'time' : 'datetime');
  }
  const [lo, hi] = [num(c.stats.lmin), num(c.stats.lmax)];
  return lo === null || hi === null ? null : planBins(lo, hi, true);
}

function topValues(values: string[], counts: unknown): ColumnProfile['topValues'] {
  const got = new Map<string, number>();
  if (Array.isArray(counts))
    for (const e of counts as { key: string; value: unknown }[]) got.set(e.key, Number(e.value));
  return values
    .map((value) => ({ value, count: got.get(value) ?? 0 }))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .slice(0, 10);
}

/** The contract's profile of a column; `b` is its pass-B row (histogram and top counts). */
export function toProfile(
  c: ColumnState,
  rows: number,
  b: Record<string, unknown>,
  approx: boolean,
): ColumnProfile {
  const s = c.stats;
  const type = c.chosen?.field.type ?? 'string';
  const f = isOrdered(type) ? familyOf(type) : null;
  const typed = (k: string) => (f ? typedFigure(type, s[`${f}_${k}`]) : null);
  const text = (k: string) => (type === 'string' ? ((s[k] as string | null | undefined) ?? null) : null);
  const nonMissing = Number(s.nn ?? 0) - Number(s.ne ?? 0);
  const exact = !approx || c.exactDistinct;
  // An estimate may exceed the number of values it counts; never report more distinct values than values.
  const distinct =
    approx && c.exactDistinct ? Number(b.xdist ?? 0) : Math.min(Number(s.dist ?? 0), nonMissing);
  const profile: ColumnProfile = {
    name: c.name,
    type,
    typeConfidence: c.confidence,
    rows,
    // Rows without a long-form row are NULL cells; '' cells are counted in `ne`.
    nulls: rows - Number(s.nn ?? 0) + Number(s.ne ?? 0),
    distinct,
    distinctApproximate: !exact,
    min: f ? typed('min') : text('smin'),
    max: f ? typed('max') : text('smax'),
    mean: f === 'n' ? num(s.n_mean) : null,
    quantiles: f ? quantilesOf(type, s[`${f}_q`]) : null,
    topValues: topValues((s.top as string[] | null) ?? [], b.topc),
    histogram: { kind: f ? 'value' : 'length', bins: c.bins ? binsFromCounts(c.bins, b.hist) : [] },
  };
  if (c.chosen?.field.format) profile.format = c.chosen.field.format;
  return profile;
}
