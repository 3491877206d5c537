import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgTarget } from '../../core/adapters/postgres.js';
import { syncDataset } from '../../core/sync/index.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import {
  addFindings,
  checksum,
  duckRows,
  duckRun,
  makeDataset,
  pgDataset,
  pgRun,
  type Dataset,
} from './sync-fixtures.js';

const BATCH = { min: 100, initial: 400, max: 1_000 };
const BAD = Array.from({ length: 30 }, (_, i) => 97 * (i + 1)); // ids violating CHECK (id % 97 <> 0)

describe('sync errors (real PostgreSQL)', () => {
  let server: TestPostgres;
  let ds: Dataset;
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const fresh = async () => {
    await ds?.close();
    ds = await makeDataset(1, 3_000);
  };
  const base = (pg: PgTarget) => ({
    duck: ds.duck,
    datasetId: 'd',
    schema: ds.schema,
    pg,
    table: 'items',
    batch: BATCH,
  });
  /** Empty target with the dataset's columns and a CHECK that 30 rows violate. */
  const target = async (pg: PgTarget) => {
    await pgDataset(
      pg,
      'items',
      [[1, 0]],
      `ALTER TABLE items ADD PRIMARY KEY (id), ADD CONSTRAINT no_97 CHECK (id % 97 <> 0)`,
    );
  };
  const syncFindings = async () =>
    (await duckRows(ds, `SELECT line, rule, message FROM d__findings WHERE rule = 'sync' ORDER BY line`)) as {
      line: bigint;
      message: string;
    }[];

  it.each(['append', 'upsert'] as const)(
    '%s: exactly the violating rows are rejected and handed back as findings',
    async (mode) => {
      await fresh();
      const pg = await server.freshDatabase();
      await target(pg);
      const r = await syncDataset({ ...base(pg), mode, parallel: 2 });
      expect(r).toMatchObject({ inserted: 2_970, rejected: 30, updated: 0, unchanged: 0 });
      expect(r.rejects.map((x) => x.line)).toEqual(BAD.map((id) => id + 1));
      expect(r.rejects[0]).toMatchObject({ sqlstate: '23514', constraint: 'no_97' });
      const findings = await syncFindings();
      expect(findings.map((f) => Number(f.line))).toEqual(BAD.map((id) => id + 1));
      expect(findings[0]!.message).toContain('SQLSTATE 23514, constraint no_97');
      await pgDataset(pg, 'expected', [[1, 3_000]], `DELETE FROM expected WHERE id % 97 = 0`);
      expect(await checksum(pg, 'items')).toEqual(await checksum(pg, 'expected'));
    },
  );

  it('includeInvalid sends rows with findings and the database rejects the bad values, naming column and value', async () => {
    await fresh();
    await duckRun(ds, `UPDATE d__source SET price = 'abc' WHERE __line IN (11, 2001)`);
    await addFindings(ds, [11, 2001]);
    const pg = await server.freshDatabase();
    const held = await syncDataset({ ...base(pg), table: 'held', mode: 'append' });
    expect(held).toMatchObject({ inserted: 2_998, heldBack: 2, rejected: 0 });
    const r = await syncDataset({ ...base(pg), mode: 'append', includeInvalid: true });
    expect(r).toMatchObject({ inserted: 2_998, heldBack: 0, rejected: 2 });
    expect(r.rejects).toEqual([
      expect.objectContaining({ line: 11, column: 'price', value: 'abc', sqlstate: '22P02' }),
      expect.objectContaining({ line: 2001, column: 'price', value: 'abc', sqlstate: '22P02' }),
    ]);
  });

  it('an exceeded error budget stops the sync and rolls it back', async () => {
    await fresh();
    const pg = await server.freshDatabase();
    await target(pg);
    await pgRun(pg, `INSERT INTO items VALUES (5000, 'keep', 1, true, '2024-01-01')`);
    const before = await checksum(pg, 'items');
    const err = await syncDataset({ ...base(pg), mode: 'upsert', errorBudget: { maxRows: 5 } }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'ERROR_BUDGET_EXCEEDED' });
    expect(await checksum(pg, 'items')).toEqual(before);
    const [row] = await pgRun<{ status: string }>(pg, `SELECT status FROM sluice_syncs`);
    expect(row!.status).toBe('rolled_back');
    expect((await syncFindings()).length).toBeGreaterThan(5);
  });

  it('re-syncs only the fixed rows of a sync', async () => {
    await fresh();
    const pg = await server.freshDatabase();
    await target(pg);
    await pgRun(
      pg,
      `ALTER TABLE items DROP CONSTRAINT no_97, ADD CONSTRAINT no_bad CHECK (name NOT LIKE 'bad%')`,
    );
    await duckRun(ds, `UPDATE d__source SET name = 'bad ' || id WHERE __line IN (3, 4, 5, 1000)`);
    await addFindings(ds, [2000]);
    const first = await syncDataset({ ...base(pg), mode: 'append' });
    expect(first).toMatchObject({ inserted: 2_995, rejected: 4, heldBack: 1 });
    // The user fixes three of the four rejected rows and the held-back row.
    await duckRun(ds, `UPDATE d__source SET name = 'name ' || id WHERE __line IN (3, 4, 1000)`);
    await duckRun(ds, `DELETE FROM d__findings WHERE line = 2000`);
    const again = await syncDataset({ ...base(pg), mode: 'append', syncId: first.syncId, resyncFixed: true });
    expect(again).toMatchObject({ syncId: first.syncId, inserted: 2_999, rejected: 1, heldBack: 0 });
    expect((await syncFindings()).map((f) => Number(f.line))).toEqual([5]);
    await pgDataset(pg, 'expected', [[1, 3_000]], `DELETE FROM expected WHERE id = 4`);
    expect(await checksum(pg, 'items')).toEqual(await checksum(pg, 'expected'));
  });

  it.each(['append', 'upsert'] as const)(
    '%s: a connection killed mid-batch is retried and the result is exact',
    async (mode) => {
      await fresh();
      const pg = await server.freshDatabase();
      await pgDataset(
        pg,
        'items',
        [[1, 0]],
        `ALTER TABLE items ADD PRIMARY KEY (id);
      CREATE SEQUENCE once;
      CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.id = 1500 AND nextval('once') = 1 THEN PERFORM pg_sleep(30); END IF; RETURN NEW; END $$;
      CREATE TRIGGER stall BEFORE INSERT ON items FOR EACH ROW EXECUTE FUNCTION stall();`,
      );
      const killer = (async () => {
        for (let i = 0; i < 300; i++) {
          const rows = await pgRun<{ killed: boolean }>(
            pg,
            `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
            WHERE application_name LIKE 'sluice-sync:%' AND wait_event = 'PgSleep'`,
          );
          if (rows.some((r) => r.killed)) return true;
          await new Promise((r) => setTimeout(r, 100));
        }
        return false;
      })();
      const r = await syncDataset({ ...base(pg), mode, parallel: 2, retry: { baseMs: 50 } });
      expect(await killer).toBe(true);
      expect(r.retries).toBeGreaterThanOrEqual(1);
      expect(r).toMatchObject({ inserted: 3_000, rejected: 0 });
      await pgDataset(pg, 'expected', [[1, 3_000]]);
      expect(await checksum(pg, 'items')).toEqual(await checksum(pg, 'expected'));
    },
  );

  afterAll(async () => {
    await ds?.close();
  });
});
