import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFindings, createSource, openTestDb, runOp, type TestDb } from '../test-helpers.js';

let t: TestDb;
const ID = 'ro';
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['id', 'email', 'amount'],
    [
      ['1', 'a@x.io', '10'],
      ['2', null, '5'],
      ['1', 'a@x.io', null],
      [' 2', 'B@x.io', '7'],
      [null, 'n@x.io', '1'],
      [null, 'm@x.io', '2'],
      ['3', '', '100'],
    ],
  );
});
afterEach(() => t.close());

const lines = (rows: (string | number | null)[][]) => rows.map((r) => r[0]);

describe('row operations', () => {
  it('filterRows keeps or drops by a structured condition; NULL comparisons are false', async () => {
    const keep = await runOp(t.conn, ID, {
      op: 'filterRows',
      mode: 'keep',
      where: { kind: 'compare', column: 'amount', op: '>=', value: 7, numeric: true },
    });
    expect(lines(keep.rows)).toEqual([2, 5, 8]);
    expect(keep.run.steps[0]?.rowsChanged).toBe(4);
    const drop = await runOp(t.conn, ID, {
      op: 'filterRows',
      mode: 'drop',
      where: {
        kind: 'or',
        any: [
          { kind: 'missing', column: 'email' },
          { kind: 'text', column: 'email', match: 'startsWith', value: 'b', caseInsensitive: true },
        ],
      },
    });
    expect(lines(drop.rows)).toEqual([2, 4, 6, 7]);
  });

  it('filterRows accepts a raw SQL expression', async () => {
    const r = await runOp(t.conn, ID, {
      op: 'filterRows',
      mode: 'keep',
      where: { kind: 'sql', expr: "email LIKE '%@x.io' AND id = '1'" },
    });
    expect(lines(r.rows)).toEqual([2, 4]);
  });

  it('dropRowsWithFindings drops the lines of a finding group', async () => {
    await createFindings(t.conn, ID, [
      { line: 3, column: 'email', rule: 'required' },
      { line: 8, column: 'email', rule: 'required' },
      { line: 4, column: 'amount', rule: 'required' },
    ]);
    const r = await runOp(t.conn, ID, { op: 'dropRowsWithFindings', column: 'email', rule: 'required' });
    expect(lines(r.rows)).toEqual([2, 4, 5, 6, 7]);
    const all = await runOp(t.conn, ID, { op: 'dropRowsWithFindings' });
    expect(lines(all.rows)).toEqual([2, 5, 6, 7]);
  });

  it('dropRowsWithFindings without a validation fails with a hint', async () => {
    await expect(runOp(t.conn, ID, { op: 'dropRowsWithFindings' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('dedupe keeps first, last or most complete; missing keys are never duplicates', async () => {
    const first = await runOp(t.conn, ID, { op: 'dedupe', keys: ['id'], keep: 'first', trim: true });
    expect(lines(first.rows)).toEqual([2, 3, 6, 7, 8]);
    expect(first.run.steps[0]?.rowsChanged).toBe(2);
    const last = await runOp(t.conn, ID, { op: 'dedupe', keys: ['id'], keep: 'last', trim: true });
    expect(lines(last.rows)).toEqual([4, 5, 6, 7, 8]);
    const untrimmed = await runOp(t.conn, ID, { op: 'dedupe', keys: ['id'], keep: 'last' });
    expect(lines(untrimmed.rows)).toEqual([3, 4, 5, 6, 7, 8]);
    const complete = await runOp(t.conn, ID, {
      op: 'dedupe',
      keys: ['email'],
      keep: 'mostComplete',
      ignoreCase: true,
    });
    expect(lines(complete.rows)).toEqual([2, 3, 5, 6, 7, 8]);
  });
});
