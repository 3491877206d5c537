import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../adapters/duckdb.js';
import { createViewCache, readView, type ViewSource } from './rows-view.js';

// 60k rows on lines 2, 4, 6… (gaps like rejects or multi-line records leave); v = n mod 7 as text.
const N = 60_000;
const src: ViewSource = { table: 't__source', findingsTable: 't__findings' };
let db: DuckDbHandle;

const findings = (lines: string) =>
  withConnection(db, (c) =>
    c.run(`CREATE OR REPLACE TABLE t__findings AS
           SELECT line, 'v' AS "column", 'type' AS rule, NULL AS value, 'x' AS message FROM (${lines})`),
  );

beforeAll(async () => {
  db = await openDuckDb(':memory:');
  await withConnection(db, (c) =>
    c.run(`CREATE TABLE t__source AS
           SELECT 2 * i + 2 AS __line, CAST(i AS VARCHAR) AS n, CAST(i % 7 AS VARCHAR) AS v
           FROM range(${N}) r(i) ORDER BY random()`),
  );
});
afterAll(() => db.close());

describe('rows view', () => {
  it('reads any window in line order, the first ones at once and the rest from the line list', async () => {
    const cache = createViewCache();
    const first = await readView(db, cache, src, { offset: 5, limit: 3 });
    expect(first).toMatchObject({ total: N, lines: [12, 14, 16], columns: ['n', 'v'], offset: 5 });
    expect(first.rows).toEqual([
      ['5', '5'],
      ['6', '6'],
      ['7', '0'],
    ]);
    const deep = await readView(db, cache, src, { offset: 54_321, limit: 2 });
    expect(deep.lines).toEqual([108_644, 108_646]);
    expect(deep.rows).toEqual([
      ['54321', String(54_321 % 7)],
      ['54322', String(54_322 % 7)],
    ]);
    const past = await readView(db, cache, src, { offset: N, limit: 10 });
    expect(past).toMatchObject({ total: N, rows: [], lines: [] });
  });

  it('sorts numerically with ties by line, deep into the table', async () => {
    const cache = createViewCache();
    const desc = await readView(db, cache, src, {
      offset: 0,
      limit: 3,
      sort: { column: 'n', numeric: true, desc: true },
    });
    expect(desc.rows.map((r) => r[0])).toEqual(['59999', '59998', '59997']);
    // v = 3 holds for 8,571 rows (n = 3, 10, 17…); sorted by v, they follow 3 × 8,572 rows of v = 0..2.
    const byV = await readView(db, cache, src, { offset: 3 * 8572 + 1, limit: 2, sort: { column: 'v' } });
    expect(byV.rows).toEqual([
      ['10', '3'],
      ['17', '3'],
    ]);
    expect(byV.total).toBe(N);
  });

  it('filters by findings of the last validation, and sees a new validation at once', async () => {
    const cache = createViewCache();
    const req = { offset: 0, limit: 5, filters: [{ kind: 'findings' as const, column: 'v' }] };
    expect((await readView(db, cache, src, req)).total).toBe(0); // no validation yet
    await findings('SELECT 4 AS line UNION ALL SELECT 40');
    expect((await readView(db, cache, src, req)).lines).toEqual([4, 40]);
    await findings('SELECT 6 AS line');
    expect((await readView(db, cache, src, req)).lines).toEqual([6]);
  });

  it('combines filters, and builds a view once however many ask at the same time', async () => {
    const cache = createViewCache();
    const req = {
      limit: 2,
      filters: [
        { kind: 'equals' as const, column: 'v', value: '0' },
        { kind: 'contains' as const, value: '77' },
      ],
    };
    const pages = await Promise.all([0, 1, 2].map((o) => readView(db, cache, src, { ...req, offset: o })));
    expect(pages[0]!.rows).toEqual([
      ['77', '0'],
      ['770', '0'],
    ]);
    expect(pages[2]!.offset).toBe(2);
    expect(new Set(pages.map((p) => p.total)).size).toBe(1);
    expect(cache.views.size).toBe(1);
  });
});
