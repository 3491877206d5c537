import { describe, expect, it } from 'vitest';
import { openDuckDb, withConnection } from './duckdb.js';

const setting = (db: Awaited<ReturnType<typeof openDuckDb>>, name: string) =>
  withConnection(db, async (c) =>
    String((await c.runAndReadAll(`SELECT current_setting('${name}')`)).getRows()[0]?.[0]),
  );

describe('openDuckDb', () => {
  it('applies the default memory limit and flushes freed memory early', async () => {
    const db = await openDuckDb(':memory:');
    try {
      // DuckDB reports the limit in MiB: 160 MB = 152.5 MiB.
      expect(await setting(db, 'memory_limit')).toBe('152.5 MiB');
      expect(await setting(db, 'allocator_flush_threshold')).toBe('16.0 MiB');
      expect(await setting(db, 'allocator_bulk_deallocation_flush_threshold')).toBe('16.0 MiB');
      expect(await setting(db, 'preserve_insertion_order')).toBe('false');
    } finally {
      db.close();
    }
  });

  it('takes the memory limit and threads it is given', async () => {
    const db = await openDuckDb(':memory:', { memoryLimitMb: 512, threads: 1 });
    try {
      expect(await setting(db, 'memory_limit')).toBe('488.2 MiB');
      expect(await setting(db, 'threads')).toBe('1');
    } finally {
      db.close();
    }
  });
});
