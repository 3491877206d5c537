import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSource, openTestDb, runOp, type TestDb } from '../test-helpers.js';

let t: TestDb;
const ID = 'ec';
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['a', 'b'],
    [
      ['x', 'y'],
      ['ü', null],
    ],
  );
});
afterEach(() => t.close());

describe('editCell', () => {
  it('sets one cell by line and column, to text or NULL', async () => {
    const r = await runOp(t.conn, ID, { op: 'editCell', line: 3, column: 'b', value: 'nëw' });
    expect(r.rows).toEqual([
      [2, 'x', 'y'],
      [3, 'ü', 'nëw'],
    ]);
    expect(r.run.steps[0]?.rowsChanged).toBe(1);
    const n = await runOp(t.conn, ID, { op: 'editCell', line: 2, column: 'a', value: null });
    expect(n.rows[0]).toEqual([2, null, 'y']);
  });

  it('with previous, applies only while the cell still holds it', async () => {
    const same = await runOp(t.conn, ID, {
      op: 'editCell',
      line: 3,
      column: 'b',
      value: 'v',
      previous: null,
    });
    expect(same.rows[1]).toEqual([3, 'ü', 'v']);
    const stale = await runOp(t.conn, ID, {
      op: 'editCell',
      line: 2,
      column: 'a',
      value: 'v',
      previous: 'old',
    });
    expect(stale.rows[0]).toEqual([2, 'x', 'y']);
    expect(stale.run.steps[0]?.rowsChanged).toBe(0);
  });
});
