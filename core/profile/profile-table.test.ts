import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type DuckDbHandle, type DuckDBConnection } from '../adapters/duckdb.js';
import type { ColumnProfile, DatasetProfile } from '../contract/profile.js';
import type { AppError } from '../contract/errors.js';
import { ensureMemoryFloor } from '../import/memory-floor.js';
import { profileTable } from './profile-table.js';

let db: DuckDbHandle;
let conn: DuckDBConnection;
let p: DatasetProfile;
const col = (name: string) => p.columns.find((c) => c.name === name) as ColumnProfile;

beforeAll(async () => {
  db = await openDuckDb(':memory:');
  conn = await db.connect();
  // 1000 rows with known figures; i = 0..999.
  await conn.run(`CREATE TABLE p1__source AS SELECT i + 2 AS __line,
    (i + 1)::VARCHAR AS id,
    CASE WHEN i % 10 = 0 THEN '' ELSE ((i % 100) * 1.5)::VARCHAR END AS price,
    CASE WHEN i % 3 = 0 THEN 'true' ELSE 'FALSE' END AS flag,
    CASE WHEN i % 50 = 0 THEN '2024-02-30' ELSE (DATE '2024-01-01' + (i % 366)::INT)::VARCHAR END AS d,
    strftime(DATE '2024-01-01' + i::INT, '%d/%m/%Y') AS dmy,
    lpad((i % 1000)::VARCHAR, 5, '0') AS zip,
    'u' || i || '@x.org' AS email,
    'n' || (i % 7) AS name,
    strftime(TIMESTAMP '2024-03-01 00:00:00' + INTERVAL (i * 60) SECOND, '%Y-%m-%dT%H:%M:%S') AS ts,
    (TIME '08:00:00' + INTERVAL (i) SECOND)::VARCHAR AS t,
    NULL::VARCHAR AS empty,
    CASE WHEN i % 2 = 0 THEN i::VARCHAR ELSE 'w' || i END AS mixed,
    (i % 2)::VARCHAR AS bin01,
    CASE WHEN i % 4 = 0 THEN NULL ELSE 'abc' END AS sparse
    FROM range(1000) r(i)`);
  p = await profileTable(conn, 'p1', [
    'id',
    'price',
    'flag',
    'd',
    'dmy',
    'zip',
    'email',
    'name',
    'ts',
    't',
    'empty',
    'mixed',
    'bin01',
    'sparse',
  ]);
});
afterAll(() => {
  conn.closeSync();
  db.close();
});

describe('profileTable', () => {
  it('profiles a table larger than the type sample with exact figures', async () => {
    // 300k rows: the type guess comes from a sample, the reported figures from every row.
    await conn.run(`CREATE TABLE big__source AS SELECT i + 2 AS __line,
      CASE WHEN i % 100 < 3 THEN 'x' || i ELSE i::VARCHAR END AS n,
      CASE WHEN i % 1000 = 7 THEN '' ELSE (i % 5000)::VARCHAR || '.25' END AS amount,
      CASE WHEN i = 299999 THEN 'late' ELSE 'v' || (i % 3) END AS s
      FROM range(300000) r(i)`);
    // amount: i % 1000 = 7 empties the values 7, 1007, 2007, 3007 and 4007, so 4995 distinct remain.
    const big = await profileTable(conn, 'big', ['n', 'amount', 's']);
    const [n, amount, s] = big.columns as [ColumnProfile, ColumnProfile, ColumnProfile];
    expect([n.type, n.typeConfidence, n.distinct, n.nulls]).toEqual(['integer', 0.97, 300000, 0]);
    expect([n.min, n.max]).toEqual([3, 299999]);
    expect([amount.type, amount.typeConfidence, amount.nulls, amount.distinct]).toEqual([
      'number',
      1,
      300,
      4995,
    ]);
    expect(amount.histogram.bins.reduce((t, b) => t + b.count, 0)).toBe(299700);
    expect(s.topValues).toEqual([
      { value: 'v0', count: 100000 },
      { value: 'v1', count: 100000 },
      { value: 'v2', count: 99999 },
      { value: 'late', count: 1 },
    ]);
    // Above the exact limit: sketches, but low-cardinality columns are recounted exactly.
    const sk = await profileTable(conn, 'big', ['n', 'amount', 's'], { exactLimit: 100_000 });
    const [n2, , s2] = sk.columns as [ColumnProfile, ColumnProfile, ColumnProfile];
    expect([s2.distinct, s2.distinctApproximate]).toEqual([4, false]);
    expect(n2.distinctApproximate).toBe(true);
    expect(n2.distinct).toBeGreaterThan(270000);
    expect(n2.distinct).toBeLessThanOrEqual(300000);
    expect(Math.abs((n2.quantiles?.p50 as number) - 150000)).toBeLessThan(3000);
  });

  it('profiles 2,000 columns in batches', async () => {
    const cols = Array.from({ length: 2000 }, (_, k) => `c${k}`);
    // As the engine does when it imports or reopens a dataset this wide.
    await ensureMemoryFloor(conn, cols.length);
    const select = cols
      .map((c, k) => (k % 2 ? `(i * ${k})::VARCHAR AS ${c}` : `'s' || i AS ${c}`))
      .join(', ');
    await conn.run(`CREATE TABLE wide__source AS SELECT i + 2 AS __line, ${select} FROM range(20) r(i)`);
    const wide = await profileTable(conn, 'wide', cols);
    expect(wide.columns).toHaveLength(2000);
    expect(wide.columns.filter((c) => c.type === 'integer')).toHaveLength(1000);
    expect(wide.columns[1999]).toMatchObject({
      name: 'c1999',
      type: 'integer',
      min: 0,
      max: 19 * 1999,
      distinct: 20,
    });
  });

  it('infers the most specific type most values fit, with its confidence', () => {
    const types = p.columns.map((c) => [c.name, c.type, c.format ?? null, c.typeConfidence]);
    expect(types).toEqual([
      ['id', 'integer', null, 1],
      ['price', 'number', null, 1],
      ['flag', 'boolean', null, 1],
      ['d', 'date', null, 0.98],
      ['dmy', 'date', '%d/%m/%Y', 1],
      ['zip', 'string', null, 1],
      ['email', 'string', 'email', 1],
      ['name', 'string', null, 1],
      ['ts', 'datetime', null, 1],
      ['t', 'time', null, 1],
      ['empty', 'string', null, 1],
      ['mixed', 'string', null, 1],
      ['bin01', 'integer', null, 1],
      ['sparse', 'string', null, 1],
    ]);
    expect(p.rows).toBe(1000);
  });

  it('counts missing and distinct values exactly', () => {
    expect([col('price').nulls, col('empty').nulls, col('id').nulls]).toEqual([100, 1000, 0]);
    expect([col('id').distinct, col('name').distinct, col('price').distinct, col('empty').distinct]).toEqual([
      1000, 7, 90, 0,
    ]);
    expect(col('id').distinctApproximate).toBe(false);
  });

  it('gives typed min, max, mean and quantiles for numbers and dates', () => {
    const id = col('id');
    expect([id.min, id.max, id.mean]).toEqual([1, 1000, 500.5]);
    expect(id.quantiles).toEqual({ p05: 50.95, p25: 250.75, p50: 500.5, p75: 750.25, p95: 950.05 });
    expect([col('d').min, col('d').max]).toEqual(['2024-01-01', '2024-12-31']);
    expect(col('d').mean).toBeNull();
    expect(col('dmy').min).toBe('2024-01-01');
    expect([col('ts').min, col('ts').max]).toEqual(['2024-03-01T00:00:00', '2024-03-01T16:39:00']);
    expect([col('t').min, col('t').max]).toEqual(['08:00:00', '08:16:39']);
    expect([col('name').min, col('name').max]).toEqual(['n0', 'n6']);
    expect([col('flag').min, col('flag').quantiles]).toEqual([null, null]);
  });

  it('lists the top values with exact counts, most frequent first', () => {
    expect(col('name').topValues.slice(0, 3)).toEqual([
      { value: 'n0', count: 143 },
      { value: 'n1', count: 143 },
      { value: 'n2', count: 143 },
    ]);
    expect(col('name').topValues).toHaveLength(7);
    expect(col('flag').topValues).toEqual([
      { value: 'FALSE', count: 666 },
      { value: 'true', count: 334 },
    ]);
    expect(col('empty').topValues).toEqual([]);
  });

  it('builds value histograms for numbers and dates, length histograms for strings', () => {
    const id = col('id').histogram;
    expect(id.kind).toBe('value');
    expect(id.bins).toHaveLength(20);
    expect(id.bins[0]).toEqual({ from: 1, to: 51, count: 50 });
    expect(id.bins[19]).toEqual({ from: 951, to: 1000, count: 50 });
    const price = col('price').histogram.bins;
    expect(price.reduce((s, b) => s + b.count, 0)).toBe(900);
    // 1.5, 3, 4.5, 6 and 7.5 (i % 100 = 1..5), ten rows each.
    expect(price[0]).toEqual({ from: 1.5, to: 1.5 + (148.5 - 1.5) / 20, count: 50 });
    const d = col('d').histogram.bins;
    expect(d[0]?.from).toBe('2024-01-01');
    expect(d.at(-1)?.to).toBe('2024-12-31');
    expect(d.reduce((s, b) => s + b.count, 0)).toBe(980);
    expect(col('t').histogram.bins.at(-1)?.to).toBe('08:16:39');
    const email = col('email').histogram;
    expect(email.kind).toBe('length');
    // 'u0@x.org' (8) … 'u999@x.org' (10): three whole-number bins.
    expect(email.bins).toEqual([
      { from: 8, to: 9, count: 10 },
      { from: 9, to: 10, count: 90 },
      { from: 10, to: 10, count: 900 },
    ]);
    expect(col('empty').histogram.bins).toEqual([]);
    expect(col('sparse').histogram.bins).toEqual([{ from: 3, to: 3, count: 750 }]);
  });

  it('handles odd column names, an empty table and no columns', async () => {
    await conn.run(`CREATE TABLE odd__source AS SELECT i + 2 AS __line, i::VARCHAR AS "a ""b""", 'x' AS "Ü name",
      'y' AS v FROM range(3) r(i)`);
    const odd = await profileTable(conn, 'odd', ['a "b"', 'Ü NAME', 'v']);
    expect(odd.columns.map((c) => [c.name, c.type, c.distinct])).toEqual([
      ['a "b"', 'integer', 3],
      ['Ü name', 'string', 1],
      ['v', 'string', 1],
    ]);
    await conn.run(`CREATE TABLE none__source AS SELECT * FROM odd__source WHERE false`);
    const none = await profileTable(conn, 'none', ['a "b"']);
    expect(none.rows).toBe(0);
    expect(none.columns[0]).toMatchObject({
      type: 'string',
      nulls: 0,
      distinct: 0,
      topValues: [],
      min: null,
    });
    expect((await profileTable(conn, 'none', [])).columns).toEqual([]);
  });

  it('computes the same profile in the wide and the long layout', async () => {
    const names = p.columns.map((c) => c.name);
    const wide = await profileTable(conn, 'p1', names, { layout: 'wide' });
    const long = await profileTable(conn, 'p1', names, { layout: 'long' });
    expect(wide.columns).toEqual(p.columns);
    expect(long.columns).toEqual(p.columns);
    const big = ['n', 'amount', 's'];
    const opts = { exactLimit: 100_000 };
    const [bw, bl] = [
      await profileTable(conn, 'big', big, { ...opts, layout: 'wide' }),
      await profileTable(conn, 'big', big, { ...opts, layout: 'long' }),
    ];
    // Sketches (t-digest quantiles, which of many tied values are "top") may differ; the rest may not.
    const exactFigures = (c: ColumnProfile) => {
      const { quantiles: _q, topValues, mean, ...rest } = c;
      return {
        ...rest,
        mean: mean === null ? null : Math.round(mean * 1e6),
        top: topValues[0]?.count ?? null,
      };
    };
    expect(bw.columns.map(exactFigures)).toEqual(bl.columns.map(exactFigures));
    expect(bw.columns[2]?.topValues).toEqual(bl.columns[2]?.topValues);
  });

  it('refuses a dataset without a table and honours cancellation', async () => {
    const e = await profileTable(conn, 'nope', ['a']).catch((x: unknown) => x as AppError);
    expect((e as AppError).code).toBe('NOT_FOUND');
    const col = await profileTable(conn, 'p1', ['id', 'nope']).catch((x: unknown) => x as AppError);
    expect([(col as AppError).code, (col as AppError).message]).toEqual([
      'NOT_FOUND',
      "Column 'nope' is not in dataset p1.",
    ]);
    const ctrl = new AbortController();
    ctrl.abort();
    const c = await profileTable(conn, 'p1', ['id'], { signal: ctrl.signal }).catch(
      (x: unknown) => x as AppError,
    );
    expect((c as AppError).code).toBe('CANCELLED');
  });
});
