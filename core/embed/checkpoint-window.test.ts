import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type DuckDbHandle, type DuckDBConnection } from '../adapters/duckdb.js';
import { sizeBytes, thresholdFor, widenCheckpoints } from './checkpoint-window.js';

let db: DuckDbHandle;
let a: DuckDBConnection;
let b: DuckDBConnection;

const threshold = async () =>
  String((await a.runAndReadAll(`SELECT current_setting('checkpoint_threshold')`)).getRows()[0]?.[0]);

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
    const endA = await widenCheckpoints(db, a, 384);
    const raised = await threshold();
    expect(sizeBytes(raised)).toBeGreaterThan(100 * 1024 * 1024);
    expect(sizeBytes(raised)).toBeLessThanOrEqual(thresholdFor(384));
    // An overlapping run on the same database shares the raise: the first to finish restores nothing.
    const endB = await widenCheckpoints(db, b, 384);
    await endA(true);
    expect(await threshold()).toBe(raised);
    await endB(false);
    expect(await threshold()).toBe(before);
    await endB(false); // ending twice changes nothing
    expect(await threshold()).toBe(before);
  });

  it('never lowers a larger threshold', async () => {
    await a.run(`SET GLOBAL checkpoint_threshold = '1GiB'`);
    const end = await widenCheckpoints(db, a, 384);
    expect(await threshold()).toBe('1.0 GiB');
    await end(true);
    expect(await threshold()).toBe('1.0 GiB');
    await a.run(`SET GLOBAL checkpoint_threshold = '16MiB'`);
  });

  it('caps the threshold for very wide vectors', () => {
    expect(thresholdFor(4096)).toBe(256 * 1024 * 1024);
    expect(thresholdFor(384)).toBeLessThan(thresholdFor(768));
  });
});
