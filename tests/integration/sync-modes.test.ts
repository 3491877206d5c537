import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgTarget } from '../../core/adapters/postgres.js';
import type { SyncProgress } from '../../core/contract/sync.js';
import { rollbackSync, syncDataset } from '../../core/sync/index.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import {
  addFindings,
  checksum,
  duckRun,
  makeDataset,
  pgDataset,
  pgRun,
  type Dataset,
} from './sync-fixtures.js';

const BATCH = { min: 100, initial: 300, max: 1_000 };

describe('sync modes (real PostgreSQL)', () => {
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

  it('append creates the table, loads every row once, and a re-run writes nothing', async () => {
    const pg = await server.freshDatabase();
    const progress: SyncProgress[] = [];
    const r = await syncDataset({
      ...base(pg),
      mode: 'append',
      parallel: 3,
      onProgress: (p) => progress.push(p),
    });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({
      syncId: r.syncId,
      rowsDone: 3_000,
      rowsTotal: 3_000,
      rejected: 0,
    });
    progress.forEach((p, i) => i > 0 && expect(p.rowsDone).toBeGreaterThanOrEqual(progress[i - 1]!.rowsDone));
    expect(r).toMatchObject({
      status: 'done',
      rows: 3_000,
      inserted: 3_000,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      heldBack: 0,
      alreadyDone: false,
    });
    expect(r.schemaChanges[0]).toContain('CREATE TABLE "public"."items"');
    await pgDataset(pg, 'expected', [[1, 3_000]]);
    expect(await checksum(pg, 'items')).toEqual(await checksum(pg, 'expected'));
    const again = await syncDataset({ ...base(pg), mode: 'append' });
    expect(again).toMatchObject({ syncId: r.syncId, alreadyDone: true, inserted: 3_000 });
    expect((await checksum(pg, 'items')).rows).toBe(3_000);
    const [ledger] = await pgRun<{ n: string }>(
      pg,
      `SELECT count(*) AS n FROM sluice_sync_ledger WHERE sync_id = $1`,
      [r.syncId],
    );
    expect(Number(ledger?.n)).toBe(r.batches);
  });

  it('upsert counts inserted / updated / unchanged exactly, and rollback restores the table', async () => {
    const pg = await server.freshDatabase();
    // Target: ids 1..1000 equal to the dataset, 1001..1500 with other names.
    await pgDataset(
      pg,
      'items',
      [[1, 1_500]],
      `UPDATE items SET name = 'old' WHERE id > 1000; ALTER TABLE items ADD PRIMARY KEY (id)`,
    );
    const before = await checksum(pg, 'items');
    const r = await syncDataset({ ...base(pg), mode: 'upsert' });
    expect(r).toMatchObject({ inserted: 1_500, updated: 500, unchanged: 1_000, rejected: 0 });
    await pgDataset(pg, 'expected', [[1, 3_000]]);
    expect(await checksum(pg, 'items')).toEqual(await checksum(pg, 'expected'));
    const rb = await rollbackSync(pg, r.syncId);
    expect(rb).toMatchObject({ rowsDeleted: 1_500, rowsRestored: 500 });
    expect(await checksum(pg, 'items')).toEqual(before);
  });

  it('insert-new inserts only new keys and leaves existing rows alone', async () => {
    const pg = await server.freshDatabase();
    await pgDataset(
      pg,
      'items',
      [[1, 1_000]],
      `UPDATE items SET name = 'mine'; ALTER TABLE items ADD PRIMARY KEY (id)`,
    );
    const r = await syncDataset({ ...base(pg), mode: 'insert-new', key: ['id'] });
    expect(r).toMatchObject({ inserted: 2_000, updated: 0, unchanged: 1_000 });
    await pgDataset(pg, 'expected', [[1, 3_000]], `UPDATE expected SET name = 'mine' WHERE id <= 1000`);
    expect(await checksum(pg, 'items')).toEqual(await checksum(pg, 'expected'));
    await rollbackSync(pg, r.syncId);
    expect((await checksum(pg, 'items')).rows).toBe(1_000);
  });

  it('replace swaps in a new table (keeping grants), and rollback swaps the old one back', async () => {
    const pg = await server.freshDatabase();
    await pgDataset(
      pg,
      'items',
      [[5_001, 5_100]],
      `ALTER TABLE items ADD PRIMARY KEY (id); CREATE ROLE reader_${pg.database}; GRANT SELECT ON items TO reader_${pg.database}`,
    );
    const before = await checksum(pg, 'items');
    const r = await syncDataset({ ...base(pg), mode: 'replace', parallel: 2 });
    expect(r).toMatchObject({ inserted: 3_000, rejected: 0 });
    await pgDataset(pg, 'expected', [[1, 3_000]]);
    expect(await checksum(pg, 'items')).toEqual(await checksum(pg, 'expected'));
    const [grant] = await pgRun<{ ok: boolean }>(
      pg,
      `SELECT has_table_privilege('reader_${pg.database}', 'public.items', 'SELECT') AS ok`,
    );
    expect(grant!.ok).toBe(true);
    const rb = await rollbackSync(pg, r.syncId);
    expect(rb.swappedBack).toBe(true);
    expect(await checksum(pg, 'items')).toEqual(before);
  });

  it('holds back rows with validation findings unless includeInvalid', async () => {
    const pg = await server.freshDatabase();
    await addFindings(ds, [11, 21, 31]); // ids 10, 20, 30
    try {
      const r = await syncDataset({ ...base(pg), mode: 'append' });
      expect(r).toMatchObject({ inserted: 2_997, heldBack: 3, rejected: 0 });
      const rows = await pgRun<{ n: string }>(pg, `SELECT count(*) AS n FROM items WHERE id IN (10, 20, 30)`);
      expect(Number(rows[0]!.n)).toBe(0);
      const all = await syncDataset({
        ...base(pg),
        table: 'items_all',
        mode: 'append',
        includeInvalid: true,
      });
      expect(all).toMatchObject({ inserted: 3_000, heldBack: 0 });
    } finally {
      await duckRun(ds, 'DROP TABLE d__findings');
    }
  });

  it('dry run reports the real counts and changes nothing', async () => {
    const pg = await server.freshDatabase();
    await pgDataset(
      pg,
      'items',
      [[1, 1_500]],
      `UPDATE items SET name = 'old' WHERE id > 1000; ALTER TABLE items ADD PRIMARY KEY (id)`,
    );
    const before = await checksum(pg, 'items');
    const r = await syncDataset({ ...base(pg), mode: 'upsert', dryRun: true });
    expect(r).toMatchObject({ status: 'dry-run', inserted: 1_500, updated: 500, unchanged: 1_000 });
    expect(await checksum(pg, 'items')).toEqual(before);
    const [meta] = await pgRun<{ t: string | null }>(pg, `SELECT to_regclass('sluice_syncs')::text AS t`);
    expect(meta!.t).toBeNull();
  });

  it('sends embedding columns as real[] when pgvector is not installed', async () => {
    const pg = await server.freshDatabase();
    const emb = await makeDataset(1, 50);
    try {
      await duckRun(emb, `ALTER TABLE d__source ADD COLUMN emb FLOAT[3]`);
      await duckRun(
        emb,
        `UPDATE d__source SET emb = [CAST(id AS FLOAT), CAST(id AS FLOAT) / 2, 0.1]::FLOAT[3]`,
      );
      const schema = {
        ...emb.schema,
        fields: [...emb.schema.fields, { name: 'emb', type: 'string' as const }],
      };
      const r = await syncDataset({
        duck: emb.duck,
        datasetId: 'd',
        schema,
        pg,
        table: 'vecs',
        mode: 'append',
      });
      expect(r.schemaChanges[0]).toContain('"emb" real[]');
      const [row] = await pgRun<{ emb: number[] }>(pg, `SELECT emb FROM vecs WHERE id = 3`);
      expect(row!.emb).toEqual([3, 1.5, 0.1]);
    } finally {
      await emb.close();
    }
  });
});
