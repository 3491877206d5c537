// Issue 3's runner benchmark: the overhead of the pipeline runner (stages, checkpoints in the same transaction,
// row counts, the JSON-lines log, temp views) against running the very same SQL directly in DuckDB, in the same
// workspace and the same process. The data is recipe-bench's generated dirty table (core/recipe/recipe-bench.ts),
// so both benchmarks measure the same shape. Target: runner time ≤ 1.3 × direct time.

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openDuckDb, type DuckDbHandle, type DuckDBConnection } from '../../core/adapters/duckdb.js';
import { parsePipeline, runPipeline } from '../../core/pipeline/index.js';
import { generateBenchSource } from '../../core/recipe/recipe-bench.js';
import { quoteLiteral } from '../../core/sql/quote.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The phases, as SQL over `stage` (the previous phase's output), the way a pipeline file writes them. */
const PHASES: { name: string; sql: string }[] = [
  { name: 'source', sql: 'SELECT * FROM bench__source' },
  {
    name: 'clean',
    sql: `SELECT __line, id, trim(name) AS name,
      CASE lower(status) WHEN 'shiped' THEN 'shipped' WHEN 'canceled' THEN 'cancelled' ELSE lower(status) END AS status,
      coalesce(try_strptime(order_date, '%Y-%m-%d'), try_strptime(order_date, '%d/%m/%Y'))::DATE AS order_date,
      TRY_CAST(replace(replace(amount, '.', ''), ',', '.') AS DECIMAL(18, 2)) AS amount,
      email, phone, trim(city) AS city, nullif(nullif(nullif(note, 'N/A'), '-'), 'null') AS note
      FROM stage`,
  },
  { name: 'valid', sql: 'SELECT * FROM stage WHERE email IS NOT NULL AND order_date IS NOT NULL' },
  {
    name: 'enrich',
    sql: `SELECT *, year(order_date) AS order_year, amount * 1.2 AS amount_gross,
      count(*) OVER (PARTITION BY id) AS id_count FROM stage`,
  },
];

/** The pipeline: the SQL phases, then a load of the last stage to Parquet. */
function pipelineJson(out: string) {
  return {
    name: 'bench',
    config: { retentionKeepRuns: 100, retentionDays: 0 },
    destinations: [{ name: 'pq', type: 'parquet', path: out }],
    phases: [
      ...PHASES.map((p) => ({ name: p.name, type: 'custom', sql: p.sql })),
      { name: 'load', type: 'load' },
    ],
  };
}

/** The same statements run directly: each phase a CREATE TABLE … AS over a temp view `stage`, then the COPY. */
async function direct(c: DuckDBConnection, tag: string, out: string): Promise<number> {
  const t0 = performance.now();
  let prev: string | undefined;
  for (const p of PHASES) {
    if (prev) await c.run(`CREATE OR REPLACE TEMP VIEW stage AS SELECT * FROM ${prev}`);
    const table = `direct_${tag}_${p.name}`;
    await c.run(`CREATE TABLE ${table} AS ${p.sql}`);
    prev = table;
  }
  await c.run(
    `COPY (SELECT * EXCLUDE (__line) FROM ${prev} ORDER BY __line) TO ${quoteLiteral(out)} (FORMAT parquet)`,
  );
  return performance.now() - t0;
}

async function viaRunner(db: DuckDbHandle, dir: string, runId: string, out: string): Promise<number> {
  const pipeline = await parsePipeline(pipelineJson(out), { baseDir: dir });
  const t0 = performance.now();
  await runPipeline({ pipeline, project: { db, dir }, runId });
  return performance.now() - t0;
}

/**
 * Measures one size: three direct runs and three runner runs, interleaved. The ratio compares the fastest of
 * each (the least disturbed by other work on the machine); the medians are reported too.
 */
async function measure(rows: number, dataDir: string): Promise<Record<string, unknown>> {
  const dir = join(dataDir, `pipeline-bench-${process.pid}-${rows}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = await openDuckDb(join(dir, 'workspace.duckdb'), { tempDirectory: join(dir, 'tmp') });
  try {
    const c = await db.connect();
    const directMs: number[] = [];
    const runnerMs: number[] = [];
    try {
      await generateBenchSource(c, 'bench', rows);
      for (let i = 0; i < 3; i++) {
        directMs.push(await direct(c, `d${i}`, join(dir, `direct-${i}.parquet`)));
        runnerMs.push(await viaRunner(db, dir, `r${i}`, join(dir, `runner-${i}.parquet`)));
      }
    } finally {
      c.closeSync();
    }
    const ratio = Math.min(...runnerMs) / Math.min(...directMs);
    const medianRatio = median(runnerMs) / median(directMs);
    console.log(
      `pipeline ${rows.toLocaleString('en-US')} rows: runner ${Math.min(...runnerMs).toFixed(0)} ms vs direct SQL ` +
        `${Math.min(...directMs).toFixed(0)} ms → ${ratio.toFixed(2)}× (medians: ${medianRatio.toFixed(2)}×)`,
    );
    return {
      rows,
      phases: PHASES.length + 1,
      runnerMs,
      directMs,
      rowsPerSec: {
        runner: rows / (Math.min(...runnerMs) / 1000),
        direct: rows / (Math.min(...directMs) / 1000),
      },
      overhead: ratio,
      medianOverhead: medianRatio,
      targets: { overheadAtMost1_3: ratio <= 1.3 },
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The suite (for scripts/bench.ts): one result per size. */
export async function pipelineSuite(opts: {
  dataDir: string;
  sizes: number[];
}): Promise<Record<string, unknown>> {
  const results: Record<string, unknown>[] = [];
  for (const rows of opts.sizes) results.push(await measure(rows, opts.dataDir));
  return { results };
}
