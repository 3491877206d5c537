// A run's life after its first start: resume after a cancel or a failure, rollback, retention.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../adapters/duckdb.js';
import { getRun, listRuns } from './history.js';
import { parsePipeline } from './parse.js';
import type { PostgresLoader } from './phase-api.js';
import { purgeRuns } from './retention.js';
import { rollbackRun } from './rollback.js';
import { runPipeline } from './runner.js';

const FIX = resolve(import.meta.dirname, '../../tests/fixtures/pipelines');
let dir: string;
let db: DuckDbHandle;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-life-'));
  db = await openDuckDb(join(dir, 'workspace.duckdb'), { threads: 2 });
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const q = (sql: string) => withConnection(db, async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());
const dump = async (table: string) =>
  JSON.stringify(await q(`SELECT * FROM ${table} ORDER BY __line`), (_k, v: unknown) =>
    typeof v === 'bigint' ? String(v) : v,
  );
const tables = async (prefix: string) =>
  (
    await q(`SELECT table_name AS t FROM duckdb_tables() WHERE starts_with(table_name, '${prefix}') UNION ALL
            SELECT view_name FROM duckdb_views() WHERE starts_with(view_name, '${prefix}') ORDER BY 1`)
  ).map((r) => r.t);

const gen = {
  name: 'gen',
  type: 'custom',
  sql: "SELECT i AS __line, 'n' || i AS item, i % 5 AS qty, i / 4 AS price FROM range(1, 801) t(i)",
};
const typed = { name: 'typed', type: 'transform', sql: 'SELECT * FROM stage WHERE qty > 0' };
const total = {
  name: 'total',
  type: 'custom',
  module: join(FIX, 'add-total.mjs'),
  columns: { total: 'DOUBLE' },
};

describe('resume', () => {
  it('continues a cancelled run after its last committed chunk and ends as an uninterrupted run', async () => {
    const pipeline = await parsePipeline({
      name: 'p',
      config: { chunkRows: 50 },
      phases: [
        gen,
        { name: 'slow', type: 'custom', module: join(FIX, 'slow.mjs'), params: { ms: 20 } },
        typed,
        total,
      ],
    });
    const ctrl = new AbortController();
    const first = runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'a',
      signal: ctrl.signal,
      onEvent: (e) => e.event === 'phase.chunk' && e.phase === 'slow' && e.data?.chunk === 5 && ctrl.abort(),
    });
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED', details: { runId: 'a' } });
    const mid = await getRun(db, 'a');
    expect(mid.status).toBe('cancelled');
    expect(mid.phases.map((p) => p.status)).toEqual(['done', 'pending', 'pending', 'pending']);
    expect(mid.phases[1]?.chunks).toBe(6);
    expect(await tables('a__')).toEqual(['a__gen', 'a__slow']); // the partial stage, no scratch

    const events: string[] = [];
    const done = await runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'a',
      resume: true,
      onEvent: (e) => events.push(e.event),
    });
    expect(done).toMatchObject({ status: 'done', resumes: 1 });
    expect(events[0]).toBe('run.resumed');
    expect(events.filter((e) => e === 'phase.chunk').length).toBe(16 - 6 + 13); // slow resumes at chunk 6; total cuts 640 rows in 13
    await runPipeline({ pipeline, project: { db, dir }, runId: 'b' });
    expect(await dump('a__total')).toBe(await dump('b__total'));
    const log = (await readFile(join(dir, 'logs', 'a.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).event);
    expect(log).toContain('run.cancelled');
    expect(log.at(-1)).toBe('run.done');
  });

  it('resumes a failed run: the failed phase runs again, committed phases do not', async () => {
    const counterFile = join(dir, 'calls');
    const flaky = {
      name: 'flaky',
      type: 'custom',
      module: join(FIX, 'flaky.mjs'),
      params: { counterFile, failTimes: 1, code: 'DB_DATA' },
    };
    const pipeline = await parsePipeline({
      name: 'p',
      config: { chunkRows: 1000 },
      phases: [gen, typed, flaky, total],
    });
    await expect(runPipeline({ pipeline, project: { db, dir }, runId: 'f' })).rejects.toMatchObject({
      code: 'DB_DATA',
    });
    const failed = await getRun(db, 'f');
    expect(failed.phases.map((p) => p.status)).toEqual(['done', 'done', 'failed', 'pending']);
    expect(failed.error).toMatchObject({ code: 'DB_DATA', details: { phase: 'flaky' } });
    const typedAt = failed.phases[1]?.finishedAt;

    const done = await runPipeline({ pipeline, project: { db, dir }, runId: 'f', resume: true });
    expect(done.phases.map((p) => p.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(done.phases[1]?.finishedAt).toBe(typedAt);
    expect(done.error).toBeUndefined();
    expect(done.rowsOut).toBe(640);
  });
});

describe('rollbackRun', () => {
  it('drops later stages and checkpoints, undoes database loads, and the run resumes to the same end', async () => {
    const loads: string[] = [];
    const postgres: PostgresLoader = {
      async load(req) {
        const r = await req.conn.runAndReadAll(`SELECT count(*) AS n FROM (${req.query})`);
        loads.push(`load ${req.loadKey}`);
        return { rows: Number(r.getRowObjectsJS()[0]?.n), jobId: `job-${loads.length}` };
      },
      async rollback(req) {
        loads.push(`rollback ${req.jobId}`);
      },
    };
    const pipeline = await parsePipeline({
      name: 'p',
      destinations: [
        { name: 'db', type: 'postgres', options: { table: 'orders' } },
        { name: 'file', type: 'csv', path: join(dir, 'out.csv') },
      ],
      phases: [gen, typed, total, 'load'],
    });
    const before = await runPipeline({ pipeline, project: { db, dir }, runId: 'r', adapters: { postgres } });
    expect(before.phases[3]?.outputs?.[0]).toEqual({
      destination: 'db',
      type: 'postgres',
      table: 'orders',
      rows: 640,
      jobId: 'job-1',
    });
    const reference = await dump('r__load');

    await expect(rollbackRun({ db, runId: 'r', toPhase: 'nope' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(rollbackRun({ db, runId: 'r', toPhase: 'typed' })).rejects.toMatchObject({
      code: 'CONFLICT',
    }); // no loader here
    const back = await rollbackRun({ db, runId: 'r', toPhase: 'typed', adapters: { postgres } });
    expect(loads).toEqual(['load r:load:db', 'rollback job-1']);
    expect(back.status).toBe('rolled_back');
    expect(back.phases.map((p) => p.status)).toEqual(['done', 'done', 'pending', 'pending']);
    expect(back.finalStage).toBe('r__typed');
    expect(await tables('r__')).toEqual(['r__gen', 'r__typed']);
    expect(await q(`SELECT DISTINCT phase FROM sluice_checkpoints WHERE run_id = 'r' ORDER BY 1`)).toEqual([
      { phase: 'gen' },
      { phase: 'typed' },
    ]);
    await expect(
      rollbackRun({ db, runId: 'r', toPhase: 'total', adapters: { postgres } }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    const again = await runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'r',
      resume: true,
      adapters: { postgres },
    });
    expect(again.status).toBe('done');
    expect(await dump('r__load')).toBe(reference);
    expect((await readFile(join(dir, 'logs', 'r.jsonl'), 'utf8')).includes('"run.rolled_back"')).toBe(true);
  });
});

describe('retention', () => {
  const day = (d: number) => new Date(Date.UTC(2024, 0, d, 12));

  it('purges old finished runs, keeps the newest ones and every resumable run, and keeps history', async () => {
    const pipeline = await parsePipeline({
      name: 'p',
      config: { retentionDays: 7, retentionKeepRuns: 1 },
      phases: [gen, typed],
    });
    const broken = await parsePipeline({
      name: 'p',
      phases: [gen, { name: 'typed', type: 'transform', sql: 'SELECT nope FROM stage' }],
    });
    const at = (d: number) => () => day(d);
    await runPipeline({ pipeline, project: { db, dir }, runId: 'd1', now: at(1) });
    await expect(
      runPipeline({ pipeline: broken, project: { db, dir }, runId: 'x1', now: at(1) }),
    ).rejects.toThrow();
    await runPipeline({ pipeline, project: { db, dir }, runId: 'd2', now: at(2) });
    // d20's run purges what is older than 7 days, except the newest finished run (itself) and the failed x1.
    const d20 = await runPipeline({ pipeline, project: { db, dir }, runId: 'd20', now: at(20) });
    expect(d20.status).toBe('done');
    expect(await tables('d1__')).toEqual([]);
    expect(await tables('d2__')).toEqual([]);
    expect(await tables('x1__')).toEqual(['x1__gen']);
    expect(await tables('d20__')).toEqual(['d20__gen', 'd20__typed']);

    const old = await getRun(db, 'd1');
    expect(old.purgedAt).toBe(day(20).toISOString());
    expect(old.phases.map((p) => [p.name, p.status, p.rowsOut])).toEqual([
      ['gen', 'done', 800],
      ['typed', 'done', 640],
    ]);
    expect(old.finalStage).toBeUndefined();
    await expect(
      runPipeline({ pipeline, project: { db, dir }, runId: 'd1', resume: true }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await listRuns(db)).map((r) => r.runId)).toEqual(['d20', 'd2', 'x1', 'd1']);

    // Explicitly, unfinished runs can go too; a zero retention keeps everything otherwise.
    expect(await purgeRuns(db, { retentionDays: 0, retentionKeepRuns: 0, now: day(30) })).toEqual([]);
    expect(
      await purgeRuns(db, { retentionDays: 7, retentionKeepRuns: 1, now: day(30), includeUnfinished: true }),
    ).toEqual(['x1']);
    expect(await tables('x1__')).toEqual([]);
  });
});
