import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import type { TableSchema } from '../../core/contract/schema.js';
import { quoteIdent } from '../../core/sql/quote.js';
import { rollbackSync, syncDataset } from '../../core/sync/index.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { checksum, pgRun } from './sync-fixtures.js';

const HOSTILE = [
  `id"; DROP TABLE users; --`,
  'with space, and comma',
  'ünïcödé 名前 🚀',
  'x'.repeat(70) + ' first',
  'x'.repeat(70) + ' second',
  'ctid',
  "it's $1 \\ back\\slash",
];

describe('hostile column names (real PostgreSQL)', () => {
  let server: TestPostgres;
  let duck: DuckDbHandle;
  let dir: string;
  beforeAll(async () => {
    server = await startTestPostgres();
    dir = await mkdtemp(join(tmpdir(), 'sluice-hostile-'));
    duck = await openDuckDb(join(dir, 'p.duckdb'));
    await withConnection(duck, async (c) => {
      const cols = HOSTILE.map(
        (h, j) => `CAST(i * ${j + 1} AS VARCHAR) || ' ''; $$ ' || ${j} AS ${quoteIdent(h)}`,
      );
      cols[0] = `CAST(i AS VARCHAR) AS ${quoteIdent(HOSTILE[0]!)}`;
      await c.run(
        `CREATE TABLE h__source AS SELECT CAST(i + 1 AS BIGINT) AS __line, ${cols.join(', ')} FROM range(1, 501) t(i)`,
      );
    });
  });
  afterAll(async () => {
    duck?.close();
    await rm(dir, { recursive: true, force: true });
    await server?.stop();
  });

  it('quotes and shortens every identifier, and upserts and rolls back on a hostile key', async () => {
    const pg = await server.freshDatabase();
    const schema: TableSchema = {
      fields: HOSTILE.map((name, j) => ({ name, type: j === 0 ? 'integer' : 'string' })),
      primaryKey: HOSTILE[0]!,
    };
    const opts = {
      duck,
      datasetId: 'h',
      schema,
      pg,
      table: `t"; DROP ${'y'.repeat(80)}`,
      mode: 'upsert' as const,
    };
    const r = await syncDataset(opts);
    expect(r).toMatchObject({ inserted: 500, rejected: 0 });
    const cols = await pgRun<{ name: string }>(
      pg,
      `SELECT a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relname = $1 AND a.attnum > 0 ORDER BY a.attnum`,
      [r.table],
    );
    const names = cols.map((c) => c.name);
    expect(names).toHaveLength(HOSTILE.length);
    expect(new Set(names).size).toBe(HOSTILE.length);
    names.forEach((n) => expect(Buffer.byteLength(n)).toBeLessThanOrEqual(63));
    expect(names.slice(0, 3)).toEqual(HOSTILE.slice(0, 3));
    expect(names[5]).toMatch(/^ctid_[0-9a-f]{8}$/);
    const [row] = await pgRun<Record<string, string>>(
      pg,
      `SELECT * FROM ${quoteIdent(r.table)} WHERE ${quoteIdent(HOSTILE[0]!)} = 7`,
    );
    expect(row![HOSTILE[1]!]).toBe("14 '; $$ 1");
    expect(row![HOSTILE[6]!]).toBe("49 '; $$ 6");

    const before = await checksum(pg, r.table);
    await withConnection(duck, (c) =>
      c.run(`UPDATE h__source SET ${quoteIdent(HOSTILE[2]!)} = 'changed' WHERE __line = 9`),
    );
    const again = await syncDataset(opts);
    expect(again).toMatchObject({ inserted: 0, updated: 1, unchanged: 499 });
    await rollbackSync(pg, again.syncId);
    expect(await checksum(pg, r.table)).toEqual(before);
  });
});
