import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../adapters/duckdb.js';
import type { RunEvent } from '../contract/pipeline.js';
import { parsePipeline } from './parse.js';
import type { EmbedAdapter } from './phase-api.js';
import { runPipeline } from './runner.js';

const FIXTURES = resolve(import.meta.dirname, '../../tests/fixtures/pipelines');

let dir: string;
let db: DuckDbHandle;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-runner-'));
  db = await openDuckDb(join(dir, 'workspace.duckdb'), { threads: 2 });
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const rows = (sql: string) => withConnection(db, async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());

function pipelineJson(extra: Record<string, unknown> = {}) {
  return {
    name: 'orders',
    config: { chunkRows: 150 },
    destinations: [
      { name: 'all', type: 'parquet', path: join(dir, 'out', 'all.parquet') },
      {
        name: 'big',
        type: 'csv',
        path: join(dir, 'out', 'big.csv'),
        where: 'total > 1000',
        columns: ['item', 'total'],
      },
    ],
    phases: [
      {
        name: 'gen',
        type: 'custom',
        sql: "SELECT i AS __line, 'item ' || i AS item, (i % 7)::VARCHAR AS qty, (i * 1.5)::VARCHAR AS price FROM range(1, 1001) t(i)",
      },
      {
        name: 'typed',
        type: 'transform',
        sql: 'SELECT __line, upper(item) AS item, qty::INTEGER AS qty, price::DOUBLE AS price FROM stage',
      },
      {
        name: 'total',
        type: 'custom',
        module: join(FIXTURES, 'add-total.mjs'),
        columns: { total: 'DOUBLE' },
      },
      {
        name: 'nonzero',
        type: 'custom',
        sql: 'SELECT * FROM stage WHERE qty > 0',
        when: '(SELECT count(*) FROM stage) > 0',
      },
      { name: 'load', type: 'load' },
    ],
    ...extra,
  };
}

describe('runPipeline', () => {
  it('runs every phase into immutable stages with checkpoints, outputs and a JSON-lines log', async () => {
    const pipeline = await parsePipeline(pipelineJson());
    const events: RunEvent[] = [];
    const rec = await runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'r1',
      onEvent: (e) => events.push(e),
    });

    expect(rec.status).toBe('done');
    expect(rec.phases.map((p) => [p.name, p.status, p.rowsOut])).toEqual([
      ['gen', 'done', 1000],
      ['typed', 'done', 1000],
      ['total', 'done', 1000],
      ['nonzero', 'done', 858],
      ['load', 'done', 858],
    ]);
    expect(rec.phases[2]?.chunks).toBe(7); // 1000 rows in chunks of 150
    expect(rec.finalStage).toBe('r1__load');
    const expected = await rows(`SELECT count(*) AS n, sum(qty * price) AS s FROM r1__typed WHERE qty > 0`);
    const got = await rows(`SELECT count(*) AS n, sum(total) AS s FROM r1__load`);
    expect(got).toEqual(expected);
    const big = (await readFile(join(dir, 'out', 'big.csv'), 'utf8')).trim().split('\n');
    expect(big[0]).toBe('item,total');
    const bigCount = await rows(`SELECT count(*) AS n FROM r1__nonzero WHERE total > 1000`);
    expect(big.length - 1).toBe(Number(bigCount[0]?.n));
    expect(rec.phases[4]?.outputs?.map((o) => [o.destination, o.rows])).toEqual([
      ['all', 858],
      ['big', big.length - 1],
    ]);
    const pq = await rows(`SELECT count(*) AS n FROM read_parquet('${join(dir, 'out', 'all.parquet')}')`);
    expect(Number(pq[0]?.n)).toBe(858);

    const log = (await readFile(join(dir, 'logs', 'r1.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RunEvent);
    const progress = events.filter((e) => e.event === 'phase.progress');
    expect(progress.filter((e) => e.phase === 'total').at(-1)).toMatchObject({
      data: { rows: 1000, total: 1000, fraction: 1 },
    });
    // The load counts rows written over its destinations, out of a total known before it writes.
    const written = (rec.phases[4]?.outputs ?? []).reduce((a, o) => a + o.rows, 0);
    const load = progress.filter((e) => e.phase === 'load').map((e) => e.data);
    expect(load[0]).toEqual({ rows: 0, total: written, fraction: 0 });
    expect(load.at(-1)).toEqual({ rows: written, total: written, fraction: 1 });
    // The log holds every event but most progress: a sample at most once a second, and the last one.
    const noProgress = (es: RunEvent[]) => es.filter((e) => e.event !== 'phase.progress').map((e) => e.event);
    expect(noProgress(log)).toEqual(noProgress(events));
    const logged = log.filter((e) => e.event === 'phase.progress');
    expect(logged.filter((e) => e.phase === 'total').at(-1)).toMatchObject({
      data: { rows: 1000, total: 1000 },
    });
    expect(logged.every((l) => progress.some((p) => p.ts === l.ts && p.data?.rows === l.data?.rows))).toBe(
      true,
    );
    expect(log[0]?.event).toBe('run.started');
    expect(existsSync(join(dir, 'tmp', 'runs', 'r1'))).toBe(false);
    expect(log.at(-1)?.event).toBe('run.done');
    expect(log.every((e) => e.runId === 'r1')).toBe(true);
    expect(log.filter((e) => e.event === 'phase.chunk').map((e) => e.phase)).toEqual(Array(7).fill('total'));
  });

  it('skips a phase whose data condition is false and one whose calendar condition is false', async () => {
    const raw = pipelineJson();
    raw.phases[3] = {
      name: 'nonzero',
      type: 'custom',
      sql: 'SELECT * FROM stage WHERE qty > 0',
      when: '(SELECT count(*) FROM stage) > 5000',
    };
    raw.phases.splice(3, 0, {
      name: 'weekend',
      type: 'custom',
      sql: 'SELECT * FROM stage LIMIT 1',
      when: { weekdays: ['sat', 'sun'] },
    } as never);
    const pipeline = await parsePipeline({ ...raw, timezone: 'UTC' });
    // 2024-06-05 is a Wednesday.
    const rec = await runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'r2',
      now: () => new Date('2024-06-05T10:00:00Z'),
    });
    const byName = Object.fromEntries(rec.phases.map((p) => [p.name, p]));
    expect(byName.weekend?.status).toBe('skipped');
    expect(byName.weekend?.skippedReason).toMatch(/wed/);
    expect(byName.nonzero?.status).toBe('skipped');
    expect(byName.nonzero?.skippedReason).toMatch(/5000/);
    expect(byName.load?.rowsOut).toBe(1000); // skipped phases pass their input through
    expect(await rows(`SELECT count(*) AS n FROM r2__weekend`)).toEqual([{ n: 1000n }]);
  });

  it('refuses to resume a run with a changed pipeline, and a resumed done run is a no-op', async () => {
    const pipeline = await parsePipeline(pipelineJson());
    await runPipeline({ pipeline, project: { db, dir }, runId: 'r3' });
    const again = await runPipeline({ pipeline, project: { db, dir }, runId: 'r3', resume: true });
    expect(again.status).toBe('done');
    expect(again.resumes).toBe(0);
    const changed = await parsePipeline(pipelineJson({ config: { chunkRows: 10 } }));
    await expect(
      runPipeline({ pipeline: changed, project: { db, dir }, runId: 'r3', resume: true }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(runPipeline({ pipeline, project: { db, dir }, runId: 'r3' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('plans a dry run without touching the workspace', async () => {
    const raw = pipelineJson();
    raw.phases[3] = {
      name: 'nonzero',
      type: 'custom',
      sql: 'SELECT * FROM stage',
      when: { cron: '* * * * sat' },
    } as never;
    const pipeline = await parsePipeline({ ...raw, timezone: 'UTC' });
    const plan = await runPipeline({
      pipeline,
      project: { db, dir },
      dryRun: true,
      now: () => new Date('2024-06-05T10:00:00Z'),
    });
    expect(plan.phases.map((p) => p.decision)).toEqual(['run', 'run', 'run', 'skip', 'run']);
    expect(plan.config.chunkRows).toBe(150);
    expect(await rows(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'sluice_%'`)).toEqual([
      { n: 0n },
    ]);
  });

  it('fails a phase whose SQL is wrong with PIPELINE_INVALID naming the phase, recorded in history', async () => {
    const raw = pipelineJson();
    raw.phases[1] = { name: 'typed', type: 'transform', sql: 'SELECT nope FROM stage' };
    const pipeline = await parsePipeline(raw);
    const err = await runPipeline({ pipeline, project: { db, dir }, runId: 'r4' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PIPELINE_INVALID', details: { phase: 'typed', runId: 'r4' } });
    const { getRun } = await import('./history.js');
    const rec = await getRun(db, 'r4');
    expect(rec.status).toBe('failed');
    expect(rec.phases[1]?.status).toBe('failed');
    expect(rec.phases[1]?.error?.message).toMatch(/nope/);
    expect(rec.error?.code).toBe('PIPELINE_INVALID');

    raw.phases[1] = { name: 'typed', type: 'transform', sql: 'SELECT * FROM stage; DROP TABLE sluice_runs' };
    await expect(
      runPipeline({ pipeline: await parsePipeline(raw), project: { db, dir }, runId: 'r5' }),
    ).rejects.toMatchObject({
      code: 'PIPELINE_INVALID',
      message: expect.stringMatching(/2 statements/),
    });
    expect((await getRun(db, 'r5')).status).toBe('failed');
  });

  it('delegates embed phases to the injected adapter, and refuses to start without one', async () => {
    const raw = pipelineJson();
    raw.phases.splice(3, 0, { name: 'vectors', type: 'embed', options: { column: 'item' } } as never);
    const pipeline = await parsePipeline(raw);
    await expect(runPipeline({ pipeline, project: { db, dir }, runId: 'e0' })).rejects.toMatchObject({
      code: 'PIPELINE_INVALID',
      message: expect.stringMatching(/embedding model/),
    });
    expect(
      await rows(`SELECT count(*) AS n FROM duckdb_tables() WHERE starts_with(table_name, 'e0__')`),
    ).toEqual([{ n: 0n }]);
    const seen: Record<string, unknown>[] = [];
    const embed: EmbedAdapter = {
      async embed(req) {
        seen.push({ input: req.input, table: req.table, options: req.options, chunkRows: req.chunkRows });
        // A stand-in model: a 2-d "vector" from the text, enough to see the stage carry what the adapter made.
        await req.conn.run(
          `CREATE TABLE "${req.table}" AS SELECT *, [length(item)::FLOAT, 1.0::FLOAT] AS item_vec FROM "${req.input}"`,
        );
        return { rowsIn: 1000 };
      },
    };
    const rec = await runPipeline({ pipeline, project: { db, dir }, runId: 'e1', adapters: { embed } });
    expect(seen).toEqual([
      { input: 'e1__total', table: 'e1__vectors__w_embedded', options: { column: 'item' }, chunkRows: 150 },
    ]);
    expect(rec.phases[3]).toMatchObject({ name: 'vectors', status: 'done', rowsOut: 1000 });
    expect(await rows(`SELECT item_vec FROM e1__load WHERE __line = 12`)).toEqual([
      { item_vec: expect.anything() },
    ]);
  });
});
