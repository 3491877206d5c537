import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSource, openTestDb, runOp, type TestDb } from '../test-helpers.js';

let t: TestDb;
const ID = 'fi';
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['g', 'v'],
    [
      [null, 'x'],
      ['Ünïcode', null],
      [null, ''],
      ['  ', 'y'],
      ['b', null],
      [null, 'z'],
    ],
  );
});
afterEach(() => t.close());

describe('fill', () => {
  it('fillDown fills NULL and blank from the last value above, by line order', async () => {
    const { rows, run } = await runOp(t.conn, ID, { op: 'fillDown', columns: ['g', 'v'] });
    expect(rows.map((r) => [r[1], r[2]])).toEqual([
      [null, 'x'],
      ['Ünïcode', 'x'],
      ['Ünïcode', 'x'],
      ['Ünïcode', 'y'],
      ['b', 'y'],
      ['b', 'z'],
    ]);
    expect(run.steps[0]?.rowsChanged).toBe(5);
  });

  it('fillDefault fills missing values only in the scoped rows', async () => {
    const { rows } = await runOp(t.conn, ID, {
      op: 'fillDefault',
      columns: ['v'],
      value: '—',
      where: { kind: 'not', cond: { kind: 'missing', column: 'g' } },
    });
    expect(rows.map((r) => r[2])).toEqual(['x', '—', '', 'y', '—', 'z']);
  });
});
