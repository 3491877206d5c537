import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { previewOp } from './preview.js';
import { createSource, openTestDb, type TestDb } from './test-helpers.js';

let t: TestDb;
const ID = 'pr';
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['a', 'b'],
    [
      ['x', '1'],
      [' y ', '2'],
      ['z', null],
      [' w', '4'],
    ],
  );
});
afterEach(() => t.close());

describe('previewOp', () => {
  it('shows changed rows first with before and after, and full-table counts', async () => {
    const p = await previewOp(t.conn, ID, null, { op: 'trim', columns: ['a'] }, { limit: 3 });
    expect(p).toMatchObject({
      columnsBefore: ['a', 'b'],
      columnsAfter: ['a', 'b'],
      rowsChanged: 2,
      rowsIn: 4,
      rowsOut: 4,
    });
    expect(p.rows).toEqual([
      { line: 3, before: [' y ', '2'], after: ['y', '2'], changed: true },
      { line: 5, before: [' w', '4'], after: ['w', '4'], changed: true },
      { line: 2, before: ['x', '1'], after: ['x', '1'], changed: false },
    ]);
    const tables = await t.conn.runAndReadAll(
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'pr__stage%'`,
    );
    expect(Number(tables.getRowObjectsJS()[0]?.n)).toBe(0);
  });

  it('shows removed rows first for row operations', async () => {
    const p = await previewOp(t.conn, ID, null, {
      op: 'filterRows',
      mode: 'drop',
      where: { kind: 'missing', column: 'b' },
    });
    expect(p.rowsChanged).toBe(1);
    expect(p.rows[0]).toEqual({ line: 4, before: ['z', null], after: null, changed: true });
    expect(p.rows).toHaveLength(4);
  });

  it('shows new columns for structure operations', async () => {
    const p = await previewOp(
      t.conn,
      ID,
      null,
      { op: 'merge', columns: ['a', 'b'], separator: '-', into: 'ab' },
      { limit: 2 },
    );
    expect(p.columnsAfter).toEqual(['ab']);
    expect(p.rows[0]).toEqual({ line: 2, before: ['x', '1'], after: ['x-1'], changed: true });
  });
});
