// String compression during an import: off by default (the load costs about a third less CPU; the workspace is
// larger), kept when the workspace is opened with `compressText`. Either way the database-wide setting the
// import changes is back to what it was afterwards, and the rows are the same.

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import { importCsv } from '../../core/import/index.js';
import { writeDirtyCsv } from '../support/dirty-csv.js';
import { detection, importAndRead, openWorkspace, type Workspace } from '../support/import-harness.js';

let ws: Workspace;
let file: string;
// A full row group (122,880 rows) and a part: full ones are written while the import runs.
const ROWS = 130_000;

beforeAll(async () => {
  ws = await openWorkspace();
  file = join(ws.dir, 'orders.csv');
  await writeDirtyCsv(file, ROWS);
});
afterAll(async () => {
  await ws.close();
});

const disabledMethods = (db: DuckDbHandle) =>
  withConnection(db, async (c) =>
    String(
      (await c.runAndReadAll(`SELECT current_setting('disabled_compression_methods')`)).getRows()[0]?.[0],
    ),
  );

/** Compression methods of the string segments of the first row group of a dataset's source table. */
const stringCompression = (db: DuckDbHandle, id: string) =>
  withConnection(db, async (c) => {
    await c.run('CHECKPOINT');
    const r = await c.runAndReadAll(
      `SELECT DISTINCT compression FROM pragma_storage_info('${id}__source')
       WHERE segment_type = 'VARCHAR' AND row_group_id = 0 ORDER BY 1`,
    );
    return r.getRows().map((row) => String(row[0]));
  });

/** Row count and an order-independent hash of every row of a table. */
const checksum = (db: DuckDbHandle, table: string) =>
  withConnection(db, async (c) => {
    const r = await c.runAndReadAll(`SELECT count(*) || ':' || coalesce(sum(hash(t)), 0) FROM "${table}" t`);
    return String(r.getRows()[0]?.[0]);
  });

describe('import string compression', () => {
  it('stores strings uncompressed by default and restores the setting it changed', async () => {
    const before = await disabledMethods(ws.db);
    const { result } = await importAndRead(ws, file, detection(), {}, 'fast');
    expect(result.dataRecords).toBe(ROWS);
    expect(await disabledMethods(ws.db)).toBe(before);
    // Still uncompressed after a checkpoint taken with compression back on: the row group was written meanwhile.
    expect(await stringCompression(ws.db, 'fast')).toEqual(['Uncompressed']);
  });

  it('compresses strings when the workspace asks for it, with the same rows', async () => {
    const path = join(ws.dir, 'compressed.duckdb');
    const db = await openDuckDb(path, { threads: 2, compressText: true });
    try {
      await importCsv({ path: file, detection: detection(), db, datasetId: 'small', tmpDir: ws.tmpDir });
      const methods = await stringCompression(db, 'small');
      expect(methods.some((m) => m !== 'Uncompressed')).toBe(true);
      await importCsv({
        path: file,
        detection: detection(),
        db: ws.db,
        datasetId: 'fast',
        tmpDir: ws.tmpDir,
      });
      for (const table of ['source', 'rejects']) {
        expect(await checksum(db, `small__${table}`)).toBe(await checksum(ws.db, `fast__${table}`));
      }
    } finally {
      db.close();
      await rm(path, { force: true });
      await rm(`${path}.wal`, { force: true });
    }
  });
});
