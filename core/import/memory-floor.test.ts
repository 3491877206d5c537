import { describe, expect, it } from 'vitest';
import { openDuckDb } from '../adapters/duckdb.js';
import { memoryFloorBytes, parseDuckSize, raiseMemoryFloor } from './memory-floor.js';

describe('memory floor', () => {
  it('reads DuckDB size settings', () => {
    expect(parseDuckSize('244.1 MiB')).toBeCloseTo(244.1 * 2 ** 20, -3);
    expect(parseDuckSize('1.5 GiB')).toBe(1.5 * 2 ** 30);
    expect(parseDuckSize('512 bytes')).toBe(512);
    expect(parseDuckSize('lots')).toBeNaN();
  });

  it('raises the limit for a wide table only, and puts it back', async () => {
    const db = await openDuckDb(':memory:', { memoryLimitMb: 256, threads: 2 });
    try {
      const conn = await db.connect();
      const limit = async () =>
        parseDuckSize(
          String((await conn.runAndReadAll(`SELECT current_setting('memory_limit')`)).getRows()[0]?.[0]),
        );
      const before = await limit();
      const narrow = await raiseMemoryFloor(conn, 12);
      expect(await limit()).toBe(before);
      await narrow();
      const wide = await raiseMemoryFloor(conn, 2000);
      expect(await limit()).toBeGreaterThanOrEqual(memoryFloorBytes(2000, 2) - 2 ** 20);
      await wide();
      expect(Math.abs((await limit()) - before)).toBeLessThan(2 ** 20);
      conn.closeSync();
    } finally {
      db.close();
    }
  });
});
