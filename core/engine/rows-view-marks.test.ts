import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../adapters/duckdb.js';
import { createViewCache, readView, type ViewSource } from './rows-view.js';
import { readMarks } from './rows-view-marks.js';

// 60k rows on lines 2, 4, 6…; findings on every 10th line (n and v), and a second rule on line 40_002.
const N = 60_000;
const src: ViewSource = { table: 'm__source', findingsTable: 'm__findings' };
let db: DuckDbHandle;

beforeAll(async () => {
  db = await openDuckDb(':memory:');
  await withConnection(db, (c) =>
    c.run(`CREATE TABLE m__source AS
           SELECT 2 * i + 2 AS __line, CAST(i AS VARCHAR) AS n, CAST(i % 7 AS VARCHAR) AS v
           FROM range(${N}) r(i) ORDER BY random()`),
  );
});
afterAll(() => db.close());

const makeFindings = () =>
  withConnection(db, (c) =>
    c.run(`CREATE OR REPLACE TABLE m__findings AS
           SELECT * FROM (
             SELECT line, col AS "column", 'type' AS rule, NULL AS value, 'x' AS message
             FROM range(2, ${2 * N + 2}, 10) r(line), (VALUES ('v'), ('n')) c(col)
             UNION ALL SELECT 40002, 'v', 'enum', NULL, 'x'
             UNION ALL SELECT 40002, 'v', 'enum', NULL, 'x')
           ORDER BY random()`),
  );

describe('rows view marks', () => {
  it('reads no marks before any validation (no findings table), and none without asking', async () => {
    const cache = createViewCache();
    const page = await readView(db, cache, src, { offset: 0, limit: 10, marks: true });
    expect(page.marks).toEqual([]);
    await makeFindings();
    expect((await readView(db, cache, src, { offset: 0, limit: 10 })).marks).toBeUndefined();
  });

  it('marks exactly the rows of a window, first screens and deep ones, ordered by line, column, rule', async () => {
    const cache = createViewCache();
    const first = await readView(db, cache, src, { offset: 0, limit: 6, marks: true });
    expect(first.lines).toEqual([2, 4, 6, 8, 10, 12]);
    expect(first.marks).toEqual([
      { line: 2, column: 'n', rule: 'type' },
      { line: 2, column: 'v', rule: 'type' },
      { line: 12, column: 'n', rule: 'type' },
      { line: 12, column: 'v', rule: 'type' },
    ]);
    // Far past any cap of a bulk findings read: row 20,000 is line 40,002 (a duplicate finding reads once).
    const deep = await readView(db, cache, src, { offset: 20_000, limit: 2, marks: true });
    expect(deep.lines).toEqual([40_002, 40_004]);
    expect(deep.marks).toEqual([
      { line: 40_002, column: 'n', rule: 'type' },
      { line: 40_002, column: 'v', rule: 'enum' },
      { line: 40_002, column: 'v', rule: 'type' },
    ]);
  });

  it('marks the rows of a sorted window only, not the lines between them', async () => {
    const cache = createViewCache();
    // v = '0' holds for n = 0, 7, 14…: lines 2, 16, 30. Lines 12 and 22 lie between them and are marked.
    const page = await readView(db, cache, src, { offset: 0, limit: 3, sort: { column: 'v' }, marks: true });
    expect(page.lines).toEqual([2, 16, 30]);
    expect(page.marks).toEqual([
      { line: 2, column: 'n', rule: 'type' },
      { line: 2, column: 'v', rule: 'type' },
    ]);
    const none = await withConnection(db, (c) => readMarks(c, src.findingsTable, [119_996, 120_000]));
    expect(none).toEqual([]);
    // A run with a gap reads the range: line 12 lies in it, is marked, and is not one of the window's lines.
    const gap = await withConnection(db, (c) => readMarks(c, src.findingsTable, [2, 4, 6, 8, 10, 14]));
    expect(gap.map((m) => m.line)).toEqual([2, 2]);
    const some = await withConnection(db, (c) => readMarks(c, src.findingsTable, [120_000, 119_992, 12]));
    expect(some.map((m) => m.line)).toEqual([12, 12, 119_992, 119_992]);
  });

  it('reads nothing for no lines, and fails on other errors', async () => {
    await withConnection(db, async (c) => {
      expect(await readMarks(c, src.findingsTable, [])).toEqual([]);
      await expect(readMarks(c, 'm__source', [2])).rejects.toThrow(/line/);
    });
  });
});
