// Custom JS phases on the real worker pool (workers/pool.ts → the compiled task files in dist/): same result
// as in-process, transient errors crossing the thread boundary are retried, and a cancel terminates the
// workers and leaves a run that resumes to the same result.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import { createInlineTaskPool } from '../../core/pipeline/task-pool.js';
import { getRun } from '../../core/pipeline/history.js';
import { parsePipeline } from '../../core/pipeline/parse.js';
import { runPipeline } from '../../core/pipeline/runner.js';
import { createWorkerPool, type WorkerPool } from '../../workers/pool.js';
import { REPO_ROOT, ensureDist } from '../fixtures/pipelines/ensure-dist.js';

const FIX = join(REPO_ROOT, 'tests/fixtures/pipelines');
let pool: WorkerPool;
let dir: string;
let db: DuckDbHandle;

beforeAll(() => {
  ensureDist();
  pool = createWorkerPool({ threads: 2 });
});
afterAll(() => pool.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-workers-'));
  db = await openDuckDb(join(dir, 'workspace.duckdb'), { threads: 2 });
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const gen = {
  name: 'gen',
  type: 'custom',
  sql: "SELECT i AS __line, 'n' || i AS item, i % 5 AS qty, i / 4 AS price FROM range(1, 2001) t(i)",
};
const dump = (table: string) =>
  withConnection(db, async (c) =>
    JSON.stringify(
      (await c.runAndReadAll(`SELECT * FROM ${table} ORDER BY __line`)).getRowObjectsJS(),
      (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v),
    ),
  );

describe('custom phases in worker threads', () => {
  it('give the same stage as the in-process pool, chunk by chunk', async () => {
    const pipeline = await parsePipeline({
      name: 'w',
      config: { chunkRows: 300 },
      phases: [
        gen,
        {
          name: 'total',
          type: 'custom',
          module: join(FIX, 'add-total.mjs'),
          params: { factor: 2 },
          columns: { total: 'DOUBLE' },
        },
      ],
    });
    const a = await runPipeline({ pipeline, project: { db, dir }, runId: 'threads', pool });
    await runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'inline',
      pool: createInlineTaskPool(),
    });
    expect(a.phases[1]).toMatchObject({ status: 'done', chunks: 7, rowsOut: 2000 });
    expect(await dump('threads__total')).toBe(await dump('inline__total'));
    const [row] = JSON.parse(await dump('threads__total')) as { qty: string; price: number; total: number }[];
    expect(row?.total).toBe(Number(row?.qty) * row!.price * 2);
  });

  it('retries a transient AppError thrown in a worker, and not a terminal one', async () => {
    const phase = (code: string, counterFile: string) => ({
      name: 'flaky',
      type: 'custom',
      module: join(FIX, 'flaky.mjs'),
      params: { counterFile, failTimes: 2, code },
      retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    });
    const ok = await parsePipeline({
      name: 'f',
      config: { chunkRows: 5000 },
      phases: [gen, phase('IO_TRANSIENT', join(dir, 'n1'))],
    });
    const rec = await runPipeline({ pipeline: ok, project: { db, dir }, runId: 'transient', pool });
    expect(rec.phases[1]).toMatchObject({ status: 'done', attempts: 3, rowsOut: 2000 });

    const bad = await parsePipeline({
      name: 'f',
      config: { chunkRows: 5000 },
      phases: [gen, phase('DB_DATA', join(dir, 'n2'))],
    });
    const err = await runPipeline({ pipeline: bad, project: { db, dir }, runId: 'terminal', pool }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 'DB_DATA',
      message: 'flaky call 1 failed',
      details: { phase: 'flaky', attempts: 1 },
    });
    expect((await getRun(db, 'terminal')).phases[1]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('cancels mid-phase (workers terminated), and the resumed run equals an uninterrupted one', async () => {
    const pipeline = await parsePipeline({
      name: 'c',
      config: { chunkRows: 100 },
      phases: [
        gen,
        { name: 'slow', type: 'custom', module: join(FIX, 'slow.mjs'), params: { ms: 150 } },
        { name: 'total', type: 'custom', module: join(FIX, 'add-total.mjs'), columns: { total: 'DOUBLE' } },
      ],
    });
    const ctrl = new AbortController();
    const run = runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'cancelled',
      pool,
      signal: ctrl.signal,
      onEvent: (e) => {
        if (e.event === 'phase.chunk' && e.phase === 'slow' && e.data?.chunk === 3) ctrl.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    const mid = await getRun(db, 'cancelled');
    expect(mid.status).toBe('cancelled');
    expect(mid.phases[1]?.chunks).toBeGreaterThanOrEqual(4);
    expect(mid.phases[1]?.chunks).toBeLessThan(20);
    const scratch = await withConnection(db, async (c) =>
      (
        await c.runAndReadAll(
          `SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '%\\_\\_w%' ESCAPE '\\'`,
        )
      ).getRowsJS(),
    );
    expect(scratch).toEqual([]);

    const resumed = await runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'cancelled',
      resume: true,
      pool,
    });
    expect(resumed).toMatchObject({ status: 'done', resumes: 1 });
    await runPipeline({ pipeline, project: { db, dir }, runId: 'straight', pool });
    expect(await dump('cancelled__total')).toBe(await dump('straight__total'));
  });
});
