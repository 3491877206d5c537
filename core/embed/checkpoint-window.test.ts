import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type DuckDbHandle, type DuckDBConnection } from '../adapters/duckdb.js';
import { sizeBytes, thresholdFor, widenCheckpoints } from './checkpoint-window.js';

let db: DuckDbHandle;
let a: DuckDBConnection;
let b: DuckDBConnection;

const threshold = async () =>
  String((await a.runAndReadAll(`SELECT current_setting('checkpoint_threshold')`)).getRows()[0]?.[0]);

const disabled = async () =>
  String((await a.runAndReadAll(`SELECT current_setting('disabled_compression_methods')`)).getRows()[0]?.[0]);

beforeAll(async () => {
  db = await openDuckDb(':memory:');
  a = await db.connect();
  b = await db.connect();
});
afterAll(() => {
  a.closeSync();
  b.closeSync();
  db.close();
});

describe('sizeBytes', () => {
  it('reads the sizes DuckDB prints and rejects others', () => {
    expect(sizeBytes('16.0 MiB')).toBe(16 * 1024 * 1024);
    expect(sizeBytes('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    expect(sizeBytes('512 bytes')).toBe(512);
    expect(sizeBytes('lots')).toBeNaN();
    expect(sizeBytes('2KB')).toBe(2000);
  });
});

describe('widenCheckpoints', () => {
  it('raises the threshold to about a row group of vectors while runs last, and restores it once', async () => {
    const before = await threshold();
    expect(before).toBe('16.0 MiB');
    const endA = (await widenCheckpoints(a, 384)).end;
    const raised = await threshold();
    // Vectors are written without trying float compression.
    expect((await disabled()).toLowerCase()).toContain('alprd');
    expect(sizeBytes(raised)).toBeGreaterThan(100 * 1024 * 1024);
    expect(sizeBytes(raised)).toBeLessThanOrEqual(thresholdFor(384));
    // An overlapping run on the same database shares the raise: the first to finish restores nothing.
    const endB = (await widenCheckpoints(b, 384)).end;
    await endA(true);
    expect(await threshold()).toBe(raised);
    await endB(false);
    expect(await threshold()).toBe(before);
    expect(await disabled()).toBe('');
    await endB(false); // ending twice changes nothing
    expect(await threshold()).toBe(before);
  });

  it('never lowers a larger threshold', async () => {
    await a.run(`SET GLOBAL checkpoint_threshold = '1GiB'`);
    const { end } = await widenCheckpoints(a, 384);
    expect(await threshold()).toBe('1.0 GiB');
    await end(true);
    expect(await threshold()).toBe('1.0 GiB');
    await a.run(`SET GLOBAL checkpoint_threshold = '16MiB'`);
  });

  it('caps the threshold for very wide vectors', () => {
    expect(thresholdFor(4096)).toBe(256 * 1024 * 1024);
    expect(thresholdFor(128)).toBeLessThan(thresholdFor(256));
  });
});

describe('CheckpointWindow.committed', () => {
  it('checkpoints once the rows left fit under the old threshold, not for a handful of rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-ckpt-'));
    const fdb = await openDuckDb(join(dir, 'c.duckdb'));
    const c = await fdb.connect();
    const wal = async () =>
      sizeBytes(
        String(
          (
            await c.runAndReadAll(
              'SELECT wal_size FROM pragma_database_size() WHERE database_name = current_database()',
            )
          ).getRows()[0]?.[0],
        ),
      );
    try {
      await c.run('CREATE TABLE v (i BIGINT, vector FLOAT[384])');
      const window = await widenCheckpoints(c, 384);
      const insert = (n: number) =>
        c.run(
          `INSERT INTO v SELECT i, list_transform(range(384), x -> (x * i)::FLOAT)::FLOAT[384] FROM range(${n}) t(i)`,
        );
      await insert(200);
      await window.committed(200, 50);
      const few = await wal();
      expect(few).toBeGreaterThan(200 * 384 * 4); // a few rows: left in the WAL
      // 12,000 rows (about 18 MB, past the old 16 MiB) with the raised threshold: no automatic checkpoint...
      await insert(12_000);
      expect(await wal()).toBeGreaterThan(16 * 1024 * 1024);
      await window.committed(12_000, 1000);
      // ...but the run's own, since what is left fits under the old threshold.
      expect(await wal()).toBeLessThan(1024 * 1024);
      await window.end(true);
    } finally {
      c.closeSync();
      fdb.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
