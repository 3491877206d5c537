// Aggregates counting how many values of each column fit each candidate type. Used twice: on a sample with
// every candidate (to prune), then on the whole table with only the candidates the sample left for each
// column, so that the figures reported are exact.

import { CANDIDATES, candidateSql, SIGNALS, type Candidate } from './candidates.js';
import type { Conformity } from './choose-type.js';
import type { AggSpec } from './layout.js';

/** Candidates to count, per column name. */
export type CandidateSets = ReadonlyMap<string, readonly Candidate[]>;

/** Aggregates counting conformity; aliases are stable (k<index in CANDIDATES>), so one reader fits all. */
export function conformitySpecs(sets: CandidateSets): AggSpec[] {
  const wanting = (pred: (c: readonly Candidate[]) => boolean) =>
    [...sets].filter(([, c]) => pred(c)).map(([n]) => n);
  const specs: AggSpec[] = [{ alias: 'nm', sql: (s) => `count(${s.v}) - count_if(${s.v} = '')` }];
  const bw = wanting((c) => c.some((k) => k.field.type === 'boolean'));
  if (bw.length)
    specs.push({ alias: 'bw', names: bw, sql: (s) => `count_if(${s.only(bw, SIGNALS.boolWords(s.v))})` });
  const lz = wanting((c) => c.some((k) => k.field.type === 'integer' || k.field.type === 'number'));
  if (lz.length)
    specs.push({ alias: 'lz', names: lz, sql: (s) => `count_if(${s.only(lz, SIGNALS.leadingZero(s.v))})` });
  CANDIDATES.forEach((cand, j) => {
    const names = wanting((c) => c.includes(cand));
    if (names.length) {
      specs.push({
        alias: `k${j}`,
        names,
        sql: (s) => `count_if(${s.only(names, candidateSql(cand, s.v))})`,
      });
    }
  });
  return specs;
}

/** Reads one column's conformity (undefined row: the column had no non-NULL value). */
export function readConformity(
  row: Record<string, unknown> | undefined,
  candidates: readonly Candidate[],
): Conformity {
  const n = (k: string) => Number(row?.[k] ?? 0);
  const counts: Record<string, number> = {};
  for (const c of candidates) counts[c.key] = n(`k${CANDIDATES.indexOf(c)}`);
  return { nonMissing: n('nm'), counts, boolWords: n('bw'), leadingZero: n('lz') };
}
