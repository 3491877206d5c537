// Progress samples in the run log: a phase that works in one piece logs at most one progress event a second
// (and its last one), which is what gives runs.metrics its rows/s curve between a phase's start and end.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb, type DuckDbHandle } from '../adapters/duckdb.js';
import type { RunEvent } from '../contract/pipeline.js';
import { readRunLog, throughput } from '../engine/runs-read.js';
import { parsePipeline } from './parse.js';
import type { PhaseEnv } from './phase-api.js';
import { runPipeline } from './runner.js';

let dir: string;
let db: DuckDbHandle;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-progress-log-'));
  db = await openDuckDb(join(dir, 'workspace.duckdb'), { threads: 1 });
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A whole-table phase that reports 100 rows every 50 ms for 2.5 s, then its total. */
async function steady(env: PhaseEnv, withTotal: boolean) {
  let rows = 0;
  for (let i = 0; i < 50; i++) {
    await sleep(50);
    rows += 100;
    env.progress(rows, withTotal ? 5000 : undefined);
  }
  return {
    commit: [`CREATE TABLE "${env.output}" AS SELECT range AS __line FROM range(5000)`],
    rowsIn: rows,
  };
}

async function run(withTotal: boolean) {
  const pipeline = await parsePipeline({ name: 'p', phases: [{ name: 'gen', type: 'custom', sql: 'x' }] });
  const events: RunEvent[] = [];
  const rec = await runPipeline({
    pipeline,
    project: { db, dir },
    runId: 'r1',
    onEvent: (e) => events.push(e),
    handlers: { custom: (env) => steady(env, withTotal) },
  });
  return { rec, events, log: await readRunLog(rec.logFile) };
}

describe('progress samples in the run log', () => {
  it('logs at most one a second while the phase works, and the listener still gets a few a second', async () => {
    const { rec, events, log } = await run(false);
    const logged = log.filter((e) => e.event === 'phase.progress');
    const heard = events.filter((e) => e.event === 'phase.progress');
    expect(logged.length).toBeGreaterThanOrEqual(1);
    expect(logged.length).toBeLessThanOrEqual(3);
    expect(heard.length).toBeGreaterThan(logged.length * 2);
    const t = logged.map((e) => Date.parse(e.ts));
    for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBeGreaterThanOrEqual(1000);
    // The metrics curve: the logged samples, then the phase's end.
    const samples = throughput(log, Date.parse(rec.startedAt));
    expect(samples.map((s) => s.rows)).toEqual([...logged.map((e) => Number(e.data?.rows)), 5000]);
    expect(samples.every((s) => s.rowsPerSec > 0)).toBe(true);
  });

  it('logs the last progress of a phase that knows its total, whatever the throttle', async () => {
    const { log } = await run(true);
    const logged = log.filter((e) => e.event === 'phase.progress');
    expect(logged.at(-1)?.data).toEqual({ rows: 5000, total: 5000, fraction: 1 });
    expect(logged.length).toBeLessThanOrEqual(4);
  });
});
