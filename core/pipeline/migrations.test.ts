import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../adapters/duckdb.js';
import { ensureRegistry, getRecord, putRecord, type DatasetRecord } from '../project/registry.js';
import { LATEST_WORKSPACE_VERSION, migrateWorkspace, workspaceVersion } from './migrations.js';

let dir: string;
let db: DuckDbHandle;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-migrate-'));
  db = await openDuckDb(join(dir, 'workspace.duckdb'));
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const record = {
  datasetId: 'ds_1',
  columns: [{ name: 'a', sourceName: 'a', index: 0 }],
} as unknown as DatasetRecord;
const tables = (c: Parameters<typeof ensureRegistry>[0]) =>
  c
    .runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, 'sluice_') ORDER BY 1`,
    )
    .then((r) => r.getRowsJS().map((x) => x[0]));

describe('workspace migrations', () => {
  it('brings a format-1 workspace to the latest format, keeping its data, once', async () => {
    await withConnection(db, async (c) => {
      // A workspace as format 1 wrote it: the version table says 1, and only the datasets registry exists.
      await c.run(
        `CREATE TABLE sluice_workspace (version INTEGER NOT NULL); INSERT INTO sluice_workspace VALUES (1)`,
      );
      await ensureRegistry(c);
      await putRecord(c, record);
      expect(await tables(c)).toEqual(['sluice_datasets', 'sluice_workspace']);

      expect(LATEST_WORKSPACE_VERSION).toBe(2);
      expect(await migrateWorkspace(c)).toEqual([2]);
      expect(await workspaceVersion(c)).toBe(2);
      expect(await tables(c)).toEqual([
        'sluice_checkpoints',
        'sluice_datasets',
        'sluice_runs',
        'sluice_watch_ledger',
        'sluice_workspace',
      ]);
      expect(await getRecord(c, 'ds_1')).toEqual(record);
      expect(await migrateWorkspace(c)).toEqual([]);
    });
  });

  it('takes a workspace without a version as format 1, and refuses a newer one', async () => {
    await withConnection(db, async (c) => {
      expect(await workspaceVersion(c)).toBeNull();
      expect(await migrateWorkspace(c)).toEqual([2]);
      await c.run(`INSERT INTO sluice_workspace VALUES (${LATEST_WORKSPACE_VERSION + 1})`);
      await expect(migrateWorkspace(c)).rejects.toMatchObject({ code: 'WORKSPACE_INCOMPATIBLE' });
    });
  });
});
