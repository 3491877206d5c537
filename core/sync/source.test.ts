import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../adapters/duckdb.js';
import type { TableSchema } from '../contract/schema.js';
import type { SourceColumn } from './source-sql.js';
import {
  batchLines,
  countSource,
  exportBatch,
  fingerprint,
  granules,
  keyProblems,
  makeSource,
  recordAtCopyLine,
  type SyncSource,
} from './source.js';

const schema: TableSchema = {
  fields: [
    { name: 'id', type: 'integer', groupChar: ',' },
    { name: 'price', type: 'number', decimalChar: ',', groupChar: '.', bareNumber: false },
    { name: 'ok', type: 'boolean', trueValues: ['oui'], falseValues: ['non'] },
    { name: 'day', type: 'date', format: '%d/%m/%Y' },
    { name: 'note', type: 'string' },
  ],
  missingValues: ['', 'NA'],
};

describe('workspace source', () => {
  let duck: DuckDbHandle;
  let dir: string;
  let src: SyncSource;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-src-'));
    duck = await openDuckDb(':memory:');
    await withConnection(duck, async (c) => {
      await c.run(
        `CREATE TABLE d__source (__line BIGINT, id VARCHAR, price VARCHAR, ok VARCHAR, day VARCHAR, note VARCHAR)`,
      );
      await c.run(`INSERT INTO d__source VALUES
        (2, '1,000', '€ 1.234,5', 'oui', '05/01/2024', 'plain'),
        (3, '2', 'NA', 'non', '31/12/2023', 'say "hi", ok'),
        (5, 'x', '3', 'maybe', 'soon', ''),
        (6, '4', '4', 'oui', '01/02/2024', NULL),
        (7, '4', '5', 'oui', '01/02/2024', 'dup key')`);
      await c.run(
        `CREATE TABLE d__findings (line BIGINT, "column" VARCHAR, rule VARCHAR, value VARCHAR, message VARCHAR)`,
      );
      await c.run(
        `INSERT INTO d__findings VALUES (5, 'id', 'type', 'x', 'not an integer'), (3, 'id', 'sync', '2', 'old reject')`,
      );
    });
    const columns: SourceColumn[] = schema.fields.map((f) => ({ field: f, source: f.name, kind: f.type }));
    src = makeSource(duck, '"d__source"', '"d__findings"', false, columns, schema, false);
  });
  afterAll(async () => {
    duck.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('counts rows and holds back lines with validation findings (not sync findings)', async () => {
    await withConnection(duck, async (c) => {
      expect(await countSource(c, src)).toEqual({ rows: 5, heldBack: 1 });
      expect(await batchLines(c, src, { from: 1, to: 100 })).toEqual([2, 3, 6, 7]);
    });
  });

  it('writes batches as CSV with values rewritten into PostgreSQL syntax', async () => {
    const file = join(dir, 'b.csv');
    const n = await withConnection(duck, (c) => exportBatch(c, src, { from: 1, to: 3 }, file, true));
    expect(n).toBe(2);
    // Quoted only where needed: NULL stays an empty unquoted field (PostgreSQL reads it as NULL).
    expect(await readFile(file, 'utf8')).toBe(
      '2,1000,1234.5,true,2024-01-05,plain\n3,2,,false,2023-12-31,"say ""hi"", ok"\n',
    );
    const unordered = join(dir, 'u.csv');
    await withConnection(duck, (c) => exportBatch(c, src, { from: 1, to: 3 }, unordered, true, false));
    const sorted = (t: string) => t.split('\n').sort().join('\n');
    expect(sorted(await readFile(unordered, 'utf8'))).toBe(sorted(await readFile(file, 'utf8')));
  });

  it('finds granule boundaries over sendable rows only', async () => {
    await withConnection(duck, async (c) => {
      expect(await granules(c, src, { from: 1, to: 100 }, 2)).toEqual([3, 7]);
      expect(await granules(c, src, { from: 4, to: 100 }, 5)).toEqual([7]);
      expect(await granules(c, src, { from: 1, to: 100, lines: [2, 5, 7] }, 1)).toEqual([2, 7]);
    });
  });

  it('reports duplicate and missing keys', async () => {
    const p = await withConnection(duck, (c) => keyProblems(c, src, [0]));
    expect(p.duplicates).toBe(1);
    expect(p.duplicateLines).toEqual([[6, 7]]);
    expect(p.nulls).toBe(0);
  });

  it('fingerprints content, not order', async () => {
    const a = await withConnection(duck, (c) => fingerprint(c, src));
    await withConnection(duck, (c) => c.run(`UPDATE d__source SET note = 'changed' WHERE __line = 2`));
    const b = await withConnection(duck, (c) => fingerprint(c, src));
    expect(a).not.toBe(b);
  });
});

describe('recordAtCopyLine', () => {
  it('maps PostgreSQL COPY line numbers back to records, counting line feeds after the first record', () => {
    // Records: 1 holds 2 line feeds (not counted by PostgreSQL), 2 none, 3 holds one.
    const feeds = [2, 0, 1];
    expect(recordAtCopyLine(1, feeds)).toBe(1);
    expect(recordAtCopyLine(2, feeds)).toBe(2);
    expect(recordAtCopyLine(4, feeds)).toBe(3);
    expect(recordAtCopyLine(3, feeds)).toBeUndefined();
  });
});
