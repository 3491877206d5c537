// Picks a column's type from conformity counts: the most specific type (boolean > integer > number > date >
// datetime > time > string formats) that at least 95% of the non-missing values fit. Within a type, the
// format most values fit wins (ties: the earlier, so ISO before day-first before month-first).

import { CANDIDATES, type Candidate } from './candidates.js';

/** Conformity counts of one column over some rows (a sample or the whole table). */
export interface Conformity {
  nonMissing: number;
  /** Values fitting each candidate, by candidate key; absent keys were not counted. */
  counts: Record<string, number>;
  /** Values that are the words true/false (any case variant Table Schema accepts). */
  boolWords: number;
  /** Numbers written with a leading zero (zip codes, ids): keep such columns strings, as numbers lose the zeros. */
  leadingZero: number;
}

/** The share of values a type must fit to be chosen. */
export const TYPE_THRESHOLD = 0.95;
/** The share in a sample that makes a candidate worth counting over the whole table. */
export const SAMPLE_THRESHOLD = 0.8;

function allowed(cand: Candidate, c: Conformity): boolean {
  const t = cand.field.type;
  // 0/1 alone read as integers (safer: every 0/1 value still validates), booleans need the words.
  if (t === 'boolean') return c.boolWords > 0;
  if (t === 'integer' || t === 'number') return c.leadingZero === 0;
  return true;
}

/** The chosen candidate (null: plain string) and the share of non-missing values that fit it. */
export function chooseType(
  c: Conformity,
  threshold = TYPE_THRESHOLD,
): { candidate: Candidate | null; confidence: number } {
  if (c.nonMissing === 0) return { candidate: null, confidence: 1 };
  let group: string | null = null;
  let best: { candidate: Candidate; n: number } | null = null;
  for (const cand of [...CANDIDATES, null]) {
    const type = cand?.field.type ?? null;
    if (type !== group) {
      if (best && best.n / c.nonMissing >= threshold)
        return { candidate: best.candidate, confidence: best.n / c.nonMissing };
      group = type;
      best = null;
    }
    if (!cand) break;
    const n = c.counts[cand.key];
    if (n === undefined || !allowed(cand, c)) continue;
    if (!best || n > best.n) best = { candidate: cand, n };
  }
  return { candidate: null, confidence: 1 };
}

/** Candidate keys worth counting over the whole table, from a sample's counts (all when the sample is empty). */
export function plausibleCandidates(sample: Conformity): Candidate[] {
  if (sample.nonMissing === 0) return [...CANDIDATES];
  return CANDIDATES.filter((cand) => {
    const n = sample.counts[cand.key] ?? 0;
    return n / sample.nonMissing >= SAMPLE_THRESHOLD && allowed(cand, sample);
  });
}
