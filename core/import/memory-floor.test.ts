import { describe, expect, it } from 'vitest';
import { openDuckDb } from '../adapters/duckdb.js';
import { memoryFloorBytes, parseDuckSize, ensureMemoryFloor } from './memory-floor.js';

describe('memory floor', () => {
  it('reads DuckDB size settings', () => {
    expect(parseDuckSize('244.1 MiB')).toBeCloseTo(244.1 * 2 ** 20, -3);
    expect(parseDuckSize('1.5 GiB')).toBe(1.5 * 2 ** 30);
    expect(parseDuckSize('512 bytes')).toBe(512);
    expect(parseDuckSize('lots')).toBeNaN();
  });

  it('raises the limit for a wide table only, and keeps it', async () => {
    const db = await openDuckDb(':memory:', { memoryLimitMb: 256, threads: 2 });
    try {
      const conn = await db.connect();
      const limit = async () =>
        parseDuckSize(
          String((await conn.runAndReadAll(`SELECT current_setting('memory_limit')`)).getRows()[0]?.[0]),
        );
      const before = await limit();
      await ensureMemoryFloor(conn, 12);
      expect(await limit()).toBe(before);
      await ensureMemoryFloor(conn, 2000);
      const wide = await limit();
      expect(wide).toBeGreaterThanOrEqual(memoryFloorBytes(2000, 2) - 2 ** 20);
      await ensureMemoryFloor(conn, 12);
      expect(await limit()).toBe(wide);
      conn.closeSync();
    } finally {
      db.close();
    }
  });
});
