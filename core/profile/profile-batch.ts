// Profiles a batch of columns with at most three scans of the table (plus a small sample):
//   sample  — conformity of every candidate type on ~100k rows (the whole table when it is that small),
//             to prune candidates and guess each column's type;
//   pass A  — over all rows: missing, distinct, top-value candidates, lengths, exact conformity of the
//             remaining candidates, and min/max/mean/quantiles of the guessed type;
//   (rare)  — typed figures again for columns whose whole-table type differs from the guess;
//   pass B  — histograms (edges from pass A), exact counts of the top-value candidates, and exact distinct
//             counts where pass A only estimated them.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { ColumnProfile } from '../contract/profile.js';
import { quoteLiteral } from '../sql/quote.js';
import { runSql, type RunOptions } from '../validate/run-sql.js';
import { CANDIDATES, isOrdered, type Candidate } from './candidates.js';
import { chooseType, plausibleCandidates } from './choose-type.js';
import { planFor, toProfile, type ColumnState } from './column-result.js';
import { conformitySpecs, readConformity } from './conformity-sql.js';
import { binParams, histogramSpec } from './histogram.js';
import { longLayout, wideLayout, type AggSpec, type Layout, type LayoutQuery, type Rows } from './layout.js';
import { familyOf, FAMILIES } from './long-sql.js';
import { basicSpecs, familySpecs } from './stats-sql.js';

/** Rows up to which distinct counts and quantiles are exact by default. */
export const EXACT_LIMIT = 1_000_000;
/** Rows in the type-guessing sample. */
export const SAMPLE_ROWS = 100_000;
/** From this many rows on, scans use the wide layout (planning cost is negligible next to the scan). */
export const WIDE_FROM_ROWS = 500_000;

/** What every step of a batch needs. */
interface Ctx {
  run(q: LayoutQuery, span: [number, number]): Promise<Rows>;
  src: string;
  rows: number;
  /** Exact distinct counts and quantiles (rows ≤ the exact limit); sketches otherwise. */
  exact: boolean;
  exactLimit: number;
}

const ordered = (c: Candidate | null): c is Candidate => c !== null && isOrdered(c.field.type);
const tops = (c: ColumnState) => (c.stats.top as string[] | null) ?? [];

/** Aggregates of the typed figures, one set per family in use. */
function typedSpecs(assign: ReadonlyMap<string, Candidate | null>, exact: boolean): AggSpec[] {
  return FAMILIES.flatMap((f) => {
    const names = [...assign].filter(([, c]) => c && familyOf(c.field.type) === f).map(([n]) => n);
    return names.length ? familySpecs(f, names, exact) : [];
  });
}

async function guess({ run, src, rows }: Ctx, cols: ColumnState[]): Promise<boolean> {
  const sampled = rows > SAMPLE_ROWS;
  const from = sampled
    ? `${src} USING SAMPLE ${((SAMPLE_ROWS / rows) * 100).toFixed(6)} PERCENT (system)`
    : src;
  const names = cols.map((c) => c.name);
  const specs = conformitySpecs(new Map(names.map((n) => [n, CANDIDATES])));
  const got = await run({ specs, names, from, assign: new Map() }, [0, 0.1]);
  for (const c of cols) {
    const conf = readConformity(got.get(c.name), CANDIDATES);
    const pick = chooseType(conf);
    c.guess = pick.candidate;
    if (sampled) {
      // An ordered guess is counted by pass A's typed figures (count of typed values); the rest here.
      c.cands = plausibleCandidates(conf).filter((k) => !(ordered(c.guess) && k === c.guess));
    } else {
      [c.chosen, c.confidence] = [pick.candidate, pick.confidence];
    }
  }
  return sampled;
}

async function passA({ run, src, exact }: Ctx, cols: ColumnState[], sampled: boolean): Promise<void> {
  const assign = new Map(cols.map((c) => [c.name, c.guess]));
  const specs = [...basicSpecs(exact), ...typedSpecs(assign, exact)];
  if (sampled) specs.push(...conformitySpecs(new Map(cols.map((c) => [c.name, c.cands]))));
  const got = await run({ specs, names: [...assign.keys()], from: src, assign }, [0.1, 0.6]);
  for (const c of cols) {
    c.stats = got.get(c.name) ?? {};
    if (!sampled) continue;
    const conf = readConformity(got.get(c.name), c.cands);
    if (ordered(c.guess))
      conf.counts[c.guess.key] = Number(c.stats[`${familyOf(c.guess.field.type)}_count`] ?? 0);
    const pick = chooseType(conf);
    [c.chosen, c.confidence] = [pick.candidate, pick.confidence];
  }
}

async function restat({ run, src, exact }: Ctx, cols: ColumnState[]): Promise<void> {
  const redo = cols.filter((c) => ordered(c.chosen) && c.chosen !== c.guess);
  if (redo.length === 0) return;
  const assign = new Map(redo.map((c) => [c.name, c.chosen]));
  const got = await run(
    { specs: typedSpecs(assign, exact), names: [...assign.keys()], from: src, assign },
    [0.6, 0.7],
  );
  for (const c of redo) c.stats = { ...c.stats, ...got.get(c.name) };
}

/**
 * Above the exact limit pass A's distinct counts are HyperLogLog estimates (a few % off, worse for small
 * counts); pass B recounts exactly the columns whose estimates together stay within the exact limit (the same
 * memory bound), which covers every low-cardinality column.
 */
function markExactDistinct(cols: ColumnState[], exact: boolean, budget: number): void {
  for (const c of [...cols].sort((a, b) => Number(a.stats.dist ?? 0) - Number(b.stats.dist ?? 0))) {
    const est = Number(c.stats.dist ?? 0);
    c.exactDistinct = exact || est <= budget;
    if (!exact && c.exactDistinct) budget -= est;
  }
}

async function passB({ run, src, exact, exactLimit }: Ctx, cols: ColumnState[]): Promise<Rows> {
  markExactDistinct(cols, exact, exactLimit);
  for (const c of cols) c.bins = planFor(c);
  const use = cols.filter((c) => c.bins || tops(c).length);
  if (use.length === 0) return new Map();
  const params = new Map(
    use.map((c) => {
      const list = tops(c).length ? `[${tops(c).map(quoteLiteral).join(', ')}]` : '[]::VARCHAR[]';
      const recount = !exact && c.exactDistinct;
      return [c.name, { ...binParams(c.bins, !ordered(c.chosen)), tops: list, recount: String(recount) }];
    }),
  );
  const with_ = (pred: (c: ColumnState) => boolean) => use.filter(pred).map((c) => c.name);
  const recount = with_((c) => !exact && c.exactDistinct);
  const specs: AggSpec[] = [
    histogramSpec(with_((c) => c.bins !== null)),
    {
      alias: 'topc',
      names: with_((c) => tops(c).length > 0),
      sql: (s) => `histogram(${s.v}) FILTER (WHERE list_contains(${s.param('tops')}, ${s.v}))`,
    },
  ];
  if (recount.length) {
    specs.push({
      alias: 'xdist',
      names: recount,
      sql: (s) => `count(DISTINCT CASE WHEN ${s.param('recount')} AND ${s.v} <> '' THEN ${s.v} END)`,
    });
  }
  const assign = new Map(use.map((c) => [c.name, c.chosen]));
  return run({ specs, names: use.map((c) => c.name), from: src, assign, params }, [0.7, 1]);
}

/** Profiles `names` (columns of table `src`, which has `rows` rows). */
export async function profileBatch(
  conn: DuckDBConnection,
  src: string,
  rows: number,
  names: string[],
  opts: RunOptions & { exactLimit: number; layout?: 'wide' | 'long' },
): Promise<ColumnProfile[]> {
  const [from, to] = opts.span ?? [0, 1];
  const wide = opts.layout ? opts.layout === 'wide' : rows >= WIDE_FROM_ROWS;
  const layout: Layout = wide ? wideLayout : longLayout;
  const run = async (q: LayoutQuery, [a, b]: [number, number]) =>
    layout.split(
      q,
      await runSql(conn, layout.sql(q), { ...opts, span: [from + (to - from) * a, from + (to - from) * b] }),
    );
  const exact = rows <= opts.exactLimit;
  const ctx: Ctx = { run, src, rows, exact, exactLimit: opts.exactLimit };
  const cols: ColumnState[] = names.map((name) => ({
    name,
    cands: [],
    guess: null,
    chosen: null,
    confidence: 1,
    stats: {},
    bins: null,
    exactDistinct: exact,
  }));
  const sampled = await guess(ctx, cols);
  await passA(ctx, cols, sampled);
  await restat(ctx, cols);
  const b = await passB(ctx, cols);
  return cols.map((c) => toProfile(c, rows, b.get(c.name) ?? {}, !exact));
}
