// Benchmark of recipes (issue 3): a 10-operation recipe over N generated dirty rows in a file-backed
// workspace — cold apply (rows/s), the same compiled SQL run bare as a baseline (the recipe machinery's
// overhead), a fully cached re-apply, and undo/redo latency in a RecipeSession. For scripts/bench.ts.

import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb, type DuckDBConnection } from '../adapters/duckdb.js';
import type { Operation, Recipe } from '../contract/recipe.js';
import { quoteIdent } from '../sql/quote.js';
import { applyRecipe } from './apply.js';
import { CHANGED_FLAG } from './compile-types.js';
import { compileOp } from './compile.js';
import { recipeEnv, stepContext } from './context.js';
import { RecipeSession } from './session.js';

/** The ten operations measured. */
export const BENCH_OPS: Operation[] = [
  { op: 'trim', columns: ['name', 'city'] },
  { op: 'changeCase', case: 'lower', columns: ['status'] },
  {
    op: 'mapValues',
    columns: ['status'],
    mapping: [
      { from: 'shiped', to: 'shipped' },
      { from: 'canceled', to: 'cancelled' },
    ],
  },
  { op: 'parseDate', columns: ['order_date'], formats: ['%d/%m/%Y', '%Y-%m-%d'] },
  { op: 'parseNumber', columns: ['amount'], decimal: ',', group: '.' },
  { op: 'nullTokens', columns: ['note'], tokens: ['N/A', '-', 'null'] },
  { op: 'fillDown', columns: ['city'] },
  { op: 'mask', columns: ['phone'], keepLast: 2 },
  { op: 'filterRows', mode: 'drop', where: { kind: 'missing', column: 'email' } },
  { op: 'dedupe', keys: ['id'], keep: 'first' },
];

/** Generates `<id>__source` with `rows` dirty rows, in SQL. */
export async function generateBenchSource(conn: DuckDBConnection, id: string, rows: number): Promise<void> {
  await conn.run(`CREATE OR REPLACE TABLE ${quoteIdent(`${id}__source`)} AS
    SELECT (i + 1)::BIGINT AS __line,
      (i - (i % 50 = 0)::INT)::VARCHAR AS id,
      CASE WHEN i % 7 = 0 THEN '  Name ' || i || ' ' ELSE 'Name ' || i END AS name,
      ['shipped', 'Shipped', 'shiped', 'pending', 'canceled', 'cancelled'][i % 6 + 1] AS status,
      CASE WHEN i % 3 = 0 THEN strftime(DATE '2020-01-01' + (i % 1500)::INT, '%d/%m/%Y')
           ELSE strftime(DATE '2020-01-01' + (i % 1500)::INT, '%Y-%m-%d') END AS order_date,
      CASE WHEN i % 2 = 0 THEN (i % 100000)::VARCHAR || ',50' ELSE ((i % 90) + 10)::VARCHAR || '.' || lpad(((i % 1000))::VARCHAR, 3, '0') || ',25' END AS amount,
      CASE WHEN i % 97 = 0 THEN NULL ELSE 'user' || i || '@example.com' END AS email,
      '+33 6 ' || lpad((i % 100000000)::VARCHAR, 8, '0') AS phone,
      CASE WHEN i % 5 = 0 THEN NULL ELSE ['Paris', ' Lyon', 'Zürich', 'Ōsaka'][i % 4 + 1] END AS city,
      ['N/A', 'ok', '-', 'fine', 'null'][i % 5 + 1] AS note
    FROM range(${Math.floor(rows)}) r(i)`);
}

/** Results of one size. */
export interface RecipeBenchResult {
  rows: number;
  ops: number;
  coldMs: number;
  rowsPerSec: number;
  perStepMs: { op: string; ms: number; rowsChanged: number }[];
  bareSqlMs: number;
  /** coldMs / bareSqlMs: what the recipe machinery (checks, counts, records, transactions) costs. */
  overhead: number;
  cachedApplyMs: number;
  undoMs: { median: number; max: number };
  redoMs: { median: number; max: number };
  peakRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Runs the benchmark for one size in a temporary workspace file (removed afterwards). */
export async function recipeBenchSuite(
  rows: number,
  opts: { threads?: number; memoryLimitMb?: number } = {},
): Promise<RecipeBenchResult> {
  const dir = join(tmpdir(), `sluice-recipe-bench-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const db = await openDuckDb(join(dir, 'w.duckdb'), {
    threads: opts.threads,
    memoryLimitMb: opts.memoryLimitMb ?? 4096,
    tempDirectory: join(dir, 'tmp'),
  });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  try {
    const conn = await db.connect();
    const id = 'bench';
    await generateBenchSource(conn, id, rows);
    const recipe: Recipe = {
      format: 'sluice-recipe',
      version: 1,
      steps: BENCH_OPS.map((op, i) => ({ id: `s${i}`, op, enabled: true })),
    };
    const t0 = performance.now();
    const cold = await applyRecipe(conn, id, recipe, { sourceKey: 'bench-v1' });
    const coldMs = performance.now() - t0;
    // Baseline: the same SELECTs as bare CREATE TABLE AS statements, no checks, counts or records.
    const env = await recipeEnv(conn, id);
    let input = `${id}__source`;
    const b0 = performance.now();
    for (const [i, step] of recipe.steps.entries()) {
      const ctx = await stepContext(conn, env, input, step, i);
      const compiled = await compileOp(conn, ctx, step.op);
      const out = `bare_${i}`;
      const sql =
        compiled.changed === 'flag'
          ? `SELECT * EXCLUDE (${quoteIdent(CHANGED_FLAG)}) FROM (${compiled.sql})`
          : compiled.sql;
      await conn.run(`CREATE OR REPLACE TABLE ${out} AS ${sql}`);
      input = out;
    }
    const bareSqlMs = performance.now() - b0;
    const c0 = performance.now();
    await applyRecipe(conn, id, recipe, { sourceKey: 'bench-v1' });
    const cachedApplyMs = performance.now() - c0;
    conn.closeSync();
    const session = await RecipeSession.open(db, id, { recipe, sourceKey: 'bench-v1' });
    const undo: number[] = [];
    const redo: number[] = [];
    for (let i = 0; i < recipe.steps.length; i++) {
      const u = performance.now();
      await session.undo();
      undo.push(performance.now() - u);
    }
    for (let i = 0; i < recipe.steps.length; i++) {
      const r = performance.now();
      await session.redo();
      redo.push(performance.now() - r);
    }
    return {
      rows,
      ops: recipe.steps.length,
      coldMs,
      rowsPerSec: Math.round(rows / (coldMs / 1000)),
      perStepMs: cold.steps.map((s) => ({ op: s.op, ms: Math.round(s.ms), rowsChanged: s.rowsChanged })),
      bareSqlMs,
      overhead: coldMs / bareSqlMs,
      cachedApplyMs,
      undoMs: { median: median(undo), max: Math.max(...undo) },
      redoMs: { median: median(redo), max: Math.max(...redo) },
      peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20),
    };
  } finally {
    clearInterval(sampler);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
