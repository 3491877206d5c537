import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import type { PgTarget } from '../../core/adapters/postgres.js';
import { cleanupSyncs, rollbackSync, syncDataset } from '../../core/sync/index.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { checksum, makeDataset, pgDataset, pgRun, SCHEMA, type Dataset } from './sync-fixtures.js';

const BATCH = { min: 100, initial: 200, max: 200 };
const root = resolve(import.meta.dirname, '../..');

/** Makes every batch take a while, so a sync can be interrupted in the middle. */
const slow = (table: string) => `CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN PERFORM pg_sleep(0.15); RETURN NULL; END $$;
  CREATE TRIGGER slow AFTER INSERT ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION slow();`;

async function ledger(pg: PgTarget): Promise<{ batches: number; inserted: number }> {
  const exists = await pgRun<{ t: string | null }>(pg, `SELECT to_regclass('sluice_sync_ledger')::text AS t`);
  if (!exists[0]?.t) return { batches: 0, inserted: 0 };
  const [r] = await pgRun<{ b: string; i: string }>(
    pg,
    `SELECT count(*) AS b, COALESCE(sum(inserted), 0) AS i FROM sluice_sync_ledger`,
  );
  return { batches: Number(r!.b), inserted: Number(r!.i) };
}

describe('interrupted syncs (real PostgreSQL)', () => {
  let server: TestPostgres;
  let ds: Dataset;
  beforeAll(async () => {
    server = await startTestPostgres();
    ds = await makeDataset(1, 3_000);
  });
  afterAll(async () => {
    await ds?.close();
    await server?.stop();
  });
  const base = (pg: PgTarget) => ({
    duck: ds.duck,
    datasetId: 'd',
    schema: ds.schema,
    pg,
    table: 'items',
    batch: BATCH,
  });

  it('a cancelled sync keeps only whole batches and resumes to the exact result', async () => {
    const pg = await server.freshDatabase();
    await pgDataset(pg, 'items', [[1, 0]], `ALTER TABLE items ADD PRIMARY KEY (id); ${slow('items')}`);
    const ac = new AbortController();
    const err = await syncDataset({
      ...base(pg),
      mode: 'upsert',
      signal: ac.signal,
      onProgress: (p) => p.rowsDone >= 600 && ac.abort(),
    }).catch((e: unknown) => e as { code: string; details: { syncId: string } });
    expect(err).toMatchObject({ code: 'CANCELLED' });
    const partial = await ledger(pg);
    const [{ n }] = (await pgRun<{ n: string }>(pg, 'SELECT count(*) AS n FROM items')) as [{ n: string }];
    expect(Number(n)).toBe(partial.inserted);
    expect(partial.inserted % 200).toBe(0);
    expect(partial.inserted).toBeLessThan(3_000);
    const [row] = await pgRun<{ status: string }>(pg, 'SELECT status FROM sluice_syncs');
    expect(row!.status).toBe('paused');
    const r = await syncDataset({ ...base(pg), mode: 'upsert' });
    expect(r).toMatchObject({
      syncId: (err as { details: { syncId: string } }).details.syncId,
      resumed: true,
      inserted: 3_000,
      updated: 0,
    });
    await pgDataset(pg, 'expected', [[1, 3_000]]);
    expect(await checksum(pg, 'items')).toEqual(await checksum(pg, 'expected'));
  });

  it('a sync process killed with SIGKILL resumes with no duplicates and the exact result', async () => {
    const pg = await server.freshDatabase();
    await pgDataset(pg, 'items', [[1, 0]], slow('items'));
    const killed = await makeDataset(1, 3_000);
    killed.duck.close(); // the child process opens the workspace
    const script = join(root, 'node_modules', '.cache', `sluice-sync-child-${process.pid}.mjs`);
    await build({
      stdin: {
        contents: `import { openDuckDb } from './core/adapters/duckdb.ts';
          import { syncDataset } from './core/sync/index.ts';
          const [path, target, schema] = process.argv.slice(2);
          const duck = await openDuckDb(path);
          await syncDataset({ duck, datasetId: 'd', schema: JSON.parse(schema), pg: JSON.parse(target), table: 'items',
            mode: 'append', batch: ${JSON.stringify(BATCH)}, parallel: 2 });
          process.stdout.write('finished');`,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: script,
      logLevel: 'silent',
    });
    try {
      const child = spawn(
        process.execPath,
        [script, killed.path, JSON.stringify(pg), JSON.stringify(SCHEMA)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise((r) => child.on('exit', r));
      for (let i = 0; i < 600 && (await ledger(pg)).batches < 4; i++)
        await new Promise((r) => setTimeout(r, 50));
      child.kill('SIGKILL');
      await exited;
      expect(out).not.toContain('finished');
      const partial = await ledger(pg);
      expect(partial.inserted).toBeGreaterThan(0);
      expect(partial.inserted).toBeLessThan(3_000);
      // The server notices the dead client's sessions (and drops their locks and temp tables).
      for (let i = 0; i < 100; i++) {
        const live = await pgRun(
          pg,
          `SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'sluice-sync%'`,
        );
        if (live.length === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await pgRun(pg, 'DROP TRIGGER slow ON items');
      const duck = await openDuckDb(killed.path);
      try {
        const r = await syncDataset({
          duck,
          datasetId: 'd',
          schema: SCHEMA,
          pg,
          table: 'items',
          mode: 'append',
          batch: BATCH,
        });
        expect(r).toMatchObject({ resumed: true, inserted: 3_000, rejected: 0 });
      } finally {
        duck.close();
      }
      await pgDataset(pg, 'expected', [[1, 3_000]]);
      expect(await checksum(pg, 'items')).toEqual(await checksum(pg, 'expected'));
    } finally {
      await rm(script, { force: true });
      await rm(resolve(killed.path, '..'), { recursive: true, force: true });
    }
  });

  it('cleanup removes what an interrupted replace left and purges undo data after its retention', async () => {
    const pg = await server.freshDatabase();
    await pgDataset(pg, 'items', [[1, 10]], `ALTER TABLE items ADD PRIMARY KEY (id)`);
    const before = await checksum(pg, 'items');
    const ac = new AbortController();
    ac.abort();
    await expect(syncDataset({ ...base(pg), mode: 'replace', signal: ac.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    const left = await pgRun<{ t: string }>(
      pg,
      `SELECT tablename AS t FROM pg_tables WHERE tablename LIKE 'items__sluice_new%'`,
    );
    expect(left).toHaveLength(1);
    const c = await cleanupSyncs(pg, { abandonInterrupted: true });
    expect(c.abandoned).toHaveLength(1);
    expect(await pgRun(pg, `SELECT 1 FROM pg_tables WHERE tablename LIKE 'items__sluice_new%'`)).toHaveLength(
      0,
    );
    expect(await checksum(pg, 'items')).toEqual(before);

    const up = await syncDataset({ ...base(pg), mode: 'upsert' });
    expect(await cleanupSyncs(pg, { retentionDays: 7 })).toMatchObject({ purged: [] });
    const purged = await cleanupSyncs(pg, { retentionDays: 0 });
    expect(purged.purged).toContain(up.syncId);
    expect(await pgRun(pg, `SELECT 1 FROM pg_tables WHERE tablename LIKE 'sluice_undo_%'`)).toHaveLength(0);
    await expect(rollbackSync(pg, up.syncId)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
