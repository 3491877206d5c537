// The pipeline's PostgreSQL loader (core/sync/pipeline-loader.ts) against a real embedded PostgreSQL: a run's
// load phase lands every row exactly once, a re-run of the same load key writes nothing, a resumed run after a
// rollback loads again, and the loader's rollback restores the target exactly.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import type { PgTarget } from '../../core/adapters/postgres.js';
import { parsePipeline } from '../../core/pipeline/parse.js';
import { rollbackRun } from '../../core/pipeline/rollback.js';
import { runPipeline } from '../../core/pipeline/runner.js';
import type { DestinationSpec } from '../../core/pipeline/types.js';
import { createPostgresLoader } from '../../core/sync/pipeline-loader.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { checksum, pgRun } from './sync-fixtures.js';

const gen = {
  name: 'gen',
  type: 'custom',
  sql: `SELECT i AS __line, 'item ' || i AS item, i % 5 AS qty, i / 4 AS price,
          DATE '2024-01-01' + CAST(i % 30 AS INTEGER) AS day, i % 2 = 0 AS even FROM range(1, 2001) t(i)`,
};
const typed = { name: 'typed', type: 'transform', sql: 'SELECT * FROM stage WHERE qty > 0' };

describe('createPostgresLoader (real PostgreSQL)', () => {
  let server: TestPostgres;
  let dir: string;
  let db: DuckDbHandle;
  beforeAll(async () => {
    server = await startTestPostgres();
    dir = await mkdtemp(join(tmpdir(), 'sluice-loader-'));
    db = await openDuckDb(join(dir, 'workspace.duckdb'), { threads: 2 });
  });
  afterAll(async () => {
    db?.close();
    await rm(dir, { recursive: true, force: true });
    await server?.stop();
  });

  const loaderFor = (pg: PgTarget, seen: DestinationSpec[] = []) =>
    createPostgresLoader({
      target: async (d) => {
        seen.push(d);
        return pg;
      },
      tmpDir: dir,
    });

  it('loads a run once, skips a re-load of the same key, and rolls back with the run', async () => {
    const pg = await server.freshDatabase();
    const seen: DestinationSpec[] = [];
    const postgres = loaderFor(pg, seen);
    const pipeline = await parsePipeline({
      name: 'p',
      destinations: [
        {
          name: 'db',
          type: 'postgres',
          options: { table: 'public.orders', batch: { min: 100, initial: 300 } },
        },
      ],
      phases: [gen, typed, 'load'],
    });
    const run = await runPipeline({ pipeline, project: { db, dir }, runId: 'r1', adapters: { postgres } });
    expect(run.status).toBe('done');
    const out = run.phases[2]?.outputs?.[0];
    expect(out).toMatchObject({ destination: 'db', type: 'postgres', rows: 1_600 });
    expect(seen[0]?.name).toBe('db');
    const expected = await withConnection(db, async (c) =>
      (await c.runAndReadAll(`SELECT count(*) AS n, sum(qty) AS q FROM r1__typed`)).getRowObjectsJS(),
    );
    const [got] = await pgRun<{ n: string; q: string; d: string }>(
      pg,
      `SELECT count(*) AS n, sum(qty) AS q, count(DISTINCT item) AS d FROM orders`,
    );
    expect(Number(got?.n)).toBe(Number(expected[0]?.n));
    expect(Number(got?.q)).toBe(Number(expected[0]?.q));
    expect(Number(got?.d)).toBe(1_600);
    // Typed columns keep their types in PostgreSQL.
    const types = await pgRun<{ column_name: string; data_type: string }>(
      pg,
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position`,
    );
    expect(types.map((t) => `${t.column_name}:${t.data_type}`)).toEqual([
      'item:text',
      'qty:bigint',
      'price:double precision',
      'day:date',
      'even:boolean',
    ]);

    // The same load key again (a crash after the load, before the checkpoint): same job, nothing written.
    const conn = await db.connect();
    const again = await postgres.load({
      db,
      conn,
      query: `SELECT item, qty, price, day, even FROM r1__typed ORDER BY __line`,
      destination: pipeline.spec.destinations[0]!,
      loadKey: 'r1:load:db',
      runId: 'r1',
      phase: 'load',
      signal: new AbortController().signal,
    });
    conn.closeSync();
    expect(again.jobId).toBe(out?.jobId);
    expect((await checksum(pg, 'orders')).rows).toBe(1_600);
    // The workspace keeps no materialised load table.
    const left = await withConnection(db, async (c) =>
      (
        await c.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'load_%__source'`)
      ).getRowObjectsJS(),
    );
    expect(left).toEqual([]);

    const back = await rollbackRun({ db, runId: 'r1', toPhase: 'typed', adapters: { postgres } });
    expect(back.status).toBe('rolled_back');
    // The table was created by the load: rolling back removes it.
    expect(await pgRun(pg, `SELECT to_regclass('public.orders') AS t`)).toEqual([{ t: null }]);
    // Undoing an already undone load is a no-op.
    await postgres.rollback!({ jobId: out!.jobId!, destination: pipeline.spec.destinations[0]! });

    const resumed = await runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'r1',
      resume: true,
      adapters: { postgres },
    });
    expect(resumed.status).toBe('done');
    expect(resumed.phases[2]?.outputs?.[0]?.jobId).not.toBe(out?.jobId);
    expect((await checksum(pg, 'orders')).rows).toBe(1_600);
  });

  it('upserts on a key into an existing table and its rollback restores the checksum', async () => {
    const pg = await server.freshDatabase();
    await pgRun(pg, `CREATE TABLE stock (item text PRIMARY KEY, qty bigint, price double precision)`);
    await pgRun(
      pg,
      `INSERT INTO stock SELECT 'item ' || i, 0, 0 FROM generate_series(1, 2000, 2) i`, // odd items exist
    );
    const before = await checksum(pg, 'stock');
    const postgres = loaderFor(pg);
    const pipeline = await parsePipeline({
      name: 'u',
      destinations: [
        {
          name: 'db',
          type: 'postgres',
          columns: ['item', 'qty', 'price'],
          options: { table: 'stock', mode: 'upsert', key: 'item' },
        },
      ],
      phases: [gen, 'load'],
    });
    const run = await runPipeline({ pipeline, project: { db, dir }, runId: 'u1', adapters: { postgres } });
    expect(run.status).toBe('done');
    const [n] = await pgRun<{ n: string; zero: string }>(
      pg,
      `SELECT count(*) AS n, count(*) FILTER (WHERE qty = 0 AND price = 0) AS zero FROM stock`,
    );
    expect(Number(n?.n)).toBe(2_000);
    // Every row took its new values (qty = 0 and price = 0 never hold together in the data).
    expect(Number(n?.zero)).toBe(0);
    await postgres.rollback!({
      jobId: run.phases[1]!.outputs![0]!.jobId!,
      destination: pipeline.spec.destinations[0]!,
    });
    expect(await checksum(pg, 'stock')).toEqual(before);
  });

  it('keeps empty strings and NULLs apart, and a one-column value that reads like end-of-data', async () => {
    const pg = await server.freshDatabase();
    const postgres = loaderFor(pg);
    const conn = await db.connect();
    const query = `SELECT v FROM (VALUES (1, ''), (2, NULL), (3, '\\.'), (4, ' x ')) t(k, v) ORDER BY k`;
    const r = await postgres.load({
      db,
      conn,
      query,
      destination: { name: 'x', type: 'postgres', keepLine: false, options: { table: 'vals' } },
      loadKey: 'vals',
      runId: 'r',
      phase: 'load',
      signal: new AbortController().signal,
    });
    conn.closeSync();
    expect(r.rows).toBe(4);
    const got = await pgRun<{ v: string | null }>(pg, `SELECT v FROM vals`);
    expect(got.map((x) => x.v).sort()).toEqual(['', ' x ', '\\.', null].sort());
  });

  it('refuses a destination without a table', async () => {
    const pg = await server.freshDatabase();
    const postgres = loaderFor(pg);
    const conn = await db.connect();
    await expect(
      postgres.load({
        db,
        conn,
        query: 'SELECT 1 AS a',
        destination: { name: 'x', type: 'postgres', keepLine: false, options: {} },
        loadKey: 'k',
        runId: 'r',
        phase: 'load',
        signal: new AbortController().signal,
      }),
    ).rejects.toMatchObject({ code: 'PIPELINE_INVALID' });
    conn.closeSync();
  });
});
