// Aggregate SQL (over the long form: name, v) counting how many values of each column fit each candidate
// type. Used twice: on a sample with every candidate (to prune), then on the whole table with only the
// candidates the sample left for each column, so that the figures reported are exact.

import { CANDIDATES, candidateSql, SIGNALS, type Candidate } from './candidates.js';
import type { Conformity } from './choose-type.js';
import { nameList } from './long-sql.js';

/** Candidates to count, per column name. */
export type CandidateSets = ReadonlyMap<string, readonly Candidate[]>;

/** `cond` for the columns in `names` only (all of them when every column of the batch wants it). */
function gated(cond: string, names: string[], all: number): string {
  return names.length === all ? cond : `CASE WHEN name IN (${nameList(names)}) THEN ${cond} END`;
}

/** Select items counting conformity; aliases are stable (k<index in CANDIDATES>), so one reader fits all. */
export function conformityItems(sets: CandidateSets): string[] {
  const all = sets.size;
  const wanting = (pred: (c: readonly Candidate[]) => boolean) =>
    [...sets].filter(([, c]) => pred(c)).map(([n]) => n);
  const items = [`count(v) - count_if(v = '') AS nm`];
  const bw = wanting((c) => c.some((k) => k.field.type === 'boolean'));
  if (bw.length) items.push(`count_if(${gated(SIGNALS.boolWords('v'), bw, all)}) AS bw`);
  const lz = wanting((c) => c.some((k) => k.field.type === 'integer' || k.field.type === 'number'));
  if (lz.length) items.push(`count_if(${gated(SIGNALS.leadingZero('v'), lz, all)}) AS lz`);
  CANDIDATES.forEach((cand, j) => {
    const names = wanting((c) => c.includes(cand));
    if (names.length) items.push(`count_if(${gated(candidateSql(cand, 'v'), names, all)}) AS k${j}`);
  });
  return items;
}

/** Reads one column's conformity (its group's row; undefined when the column had no non-NULL value). */
export function readConformity(
  row: Record<string, unknown> | undefined,
  candidates: readonly Candidate[],
): Conformity {
  const n = (k: string) => Number(row?.[k] ?? 0);
  const counts: Record<string, number> = {};
  for (const c of candidates) counts[c.key] = n(`k${CANDIDATES.indexOf(c)}`);
  return { nonMissing: n('nm'), counts, boolWords: n('bw'), leadingZero: n('lz') };
}
