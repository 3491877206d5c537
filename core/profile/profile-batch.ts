// Profiles a batch of columns with at most three scans of the table (plus a small sample), all in long form:
//   sample  — conformity of every candidate type on ~100k rows (the whole table when it is that small),
//             to prune candidates and guess each column's type;
//   pass A  — over all rows: missing, distinct, top-value candidates, lengths, exact conformity of the
//             remaining candidates, and min/max/mean/quantiles of the guessed type;
//   (rare)  — typed figures again for columns whose whole-table type differs from the guess;
//   pass B  — histograms (edges from pass A) and exact counts of the top-value candidates.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { ColumnProfile } from '../contract/profile.js';
import { quoteLiteral } from '../sql/quote.js';
import { runSql, type RunOptions } from '../validate/run-sql.js';
import { CANDIDATES, isOrdered, type Candidate } from './candidates.js';
import { chooseType, plausibleCandidates } from './choose-type.js';
import { conformityItems, readConformity } from './conformity-sql.js';
import { planFor, toProfile, type ColumnState } from './column-result.js';
import { histogramSql } from './histogram.js';
import { familyOf, longFrom, typedColumnsSql, FAMILIES, type Family } from './long-sql.js';
import { basicItems, familyItems } from './stats-sql.js';

/** Rows up to which distinct counts and quantiles are exact by default. */
export const EXACT_LIMIT = 1_000_000;
/** Rows in the type-guessing sample. */
export const SAMPLE_ROWS = 100_000;

type Rows = Map<string, Record<string, unknown>>;
type Exec = (sql: string, span: [number, number]) => Promise<Rows>;

/** What every step of a batch needs. */
interface Ctx {
  exec: Exec;
  src: string;
  rows: number;
  /** Exact distinct counts and quantiles (rows ≤ the exact limit); sketches otherwise. */
  exact: boolean;
  exactLimit: number;
}

const ordered = (c: Candidate | null): c is Candidate => c !== null && isOrdered(c.field.type);

function families(cands: Iterable<Candidate | null>): Family[] {
  const used = new Set([...cands].map((c) => (c ? familyOf(c.field.type) : null)));
  return FAMILIES.filter((f) => used.has(f));
}

/** `SELECT name, items FROM long form of names (with typed columns per assign) GROUP BY name`. */
function grouped(
  items: string[],
  names: string[],
  from: string,
  assign: Map<string, Candidate | null>,
): string {
  const typed = typedColumnsSql(assign).join(', ');
  return `SELECT name, ${items.join(', ')} FROM (SELECT name, v, ${typed} FROM ${longFrom(names, from)}) GROUP BY name`;
}

async function guess({ exec, src, rows }: Ctx, cols: ColumnState[]): Promise<boolean> {
  const sampled = rows > SAMPLE_ROWS;
  const from = sampled
    ? `${src} USING SAMPLE ${((SAMPLE_ROWS / rows) * 100).toFixed(6)} PERCENT (system)`
    : src;
  const sets = new Map(cols.map((c) => [c.name, CANDIDATES]));
  const names = cols.map((c) => c.name);
  const got = await exec(
    `SELECT name, ${conformityItems(sets).join(', ')} FROM ${longFrom(names, from)} GROUP BY name`,
    [0, 0.1],
  );
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

async function passA({ exec, src, exact }: Ctx, cols: ColumnState[], sampled: boolean): Promise<void> {
  const assign = new Map(cols.map((c) => [c.name, c.guess]));
  const items = [...basicItems(exact), ...families(assign.values()).flatMap((f) => familyItems(f, exact))];
  if (sampled) items.push(...conformityItems(new Map(cols.map((c) => [c.name, c.cands]))));
  const got = await exec(grouped(items, [...assign.keys()], src, assign), [0.1, 0.6]);
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

async function restat({ exec, src, exact }: Ctx, cols: ColumnState[]): Promise<void> {
  const redo = cols.filter((c) => ordered(c.chosen) && c.chosen !== c.guess);
  if (redo.length === 0) return;
  const assign = new Map(redo.map((c) => [c.name, c.chosen]));
  const items = families(assign.values()).flatMap((f) => familyItems(f, exact));
  const got = await exec(grouped(items, [...assign.keys()], src, assign), [0.6, 0.7]);
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

async function passB({ exec, src, exact, exactLimit }: Ctx, cols: ColumnState[]): Promise<Rows> {
  markExactDistinct(cols, exact, exactLimit);
  const params = cols.flatMap((c) => {
    c.bins = planFor(c);
    const tops = (c.stats.top as string[] | null) ?? [];
    if (!c.bins && tops.length === 0) return [];
    const b = c.bins ?? { lo: 0, width: 0, count: 1, whole: true };
    const list = tops.length ? `[${tops.map(quoteLiteral).join(', ')}]` : '[]::VARCHAR[]';
    const recount = !exact && c.exactDistinct;
    return [
      `(${quoteLiteral(c.name)}, ${b.lo}::DOUBLE, ${b.width}::DOUBLE, ${b.count}, ${!ordered(c.chosen)}, ${list}, ${recount})`,
    ];
  });
  if (params.length === 0) return new Map();
  const assign = new Map(cols.map((c) => [c.name, c.chosen]));
  const names = cols
    .filter((c) => c.bins || ((c.stats.top as string[] | null) ?? []).length)
    .map((c) => c.name);
  const typed = typedColumnsSql(assign).join(', ');
  return exec(
    `SELECT name, ${histogramSql()} AS hist, histogram(v) FILTER (WHERE list_contains(p.tops, v)) AS topc,
       count(DISTINCT CASE WHEN p.recount AND v <> '' THEN v END) AS xdist
     FROM (SELECT name, v, ${typed} FROM ${longFrom(names, src)})
     JOIN (VALUES ${params.join(', ')}) p(name, lo, w, nb, len, tops, recount) USING (name)
     GROUP BY name`,
    [0.7, 1],
  );
}

/** Profiles `names` (columns of table `src`, which has `rows` rows). */
export async function profileBatch(
  conn: DuckDBConnection,
  src: string,
  rows: number,
  names: string[],
  opts: RunOptions & { exactLimit: number },
): Promise<ColumnProfile[]> {
  const [from, to] = opts.span ?? [0, 1];
  const exec: Exec = async (sql, [a, b]) => {
    const got = await runSql(conn, sql, { ...opts, span: [from + (to - from) * a, from + (to - from) * b] });
    return new Map(got.map((r) => [String(r.name), r]));
  };
  const exact = rows <= opts.exactLimit;
  const ctx: Ctx = { exec, src, rows, exact, exactLimit: opts.exactLimit };
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
