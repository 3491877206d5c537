import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Condition } from '../contract/recipe.js';
import { createFindings, createSource, openTestDb, runOp, type TestDb } from './test-helpers.js';

let t: TestDb;
const ID = 'co';
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['s', 'n'],
    [
      ['Apple', '10'],
      ['banana', '9'],
      [null, 'x'],
      ['', null],
      ['Çava', '100'],
    ],
  );
  await createFindings(t.conn, ID, [{ line: 3, column: 'n', rule: 'type' }]);
});
afterEach(() => t.close());

async function kept(where: Condition): Promise<number[]> {
  const r = await runOp(t.conn, ID, { op: 'filterRows', mode: 'keep', where });
  return r.rows.map((x) => Number(x[0]));
}

describe('conditions', () => {
  it('compare as text and as numbers; NULL is never equal nor unequal', async () => {
    expect(await kept({ kind: 'compare', column: 'n', op: '<', value: '2' })).toEqual([2, 6]);
    expect(await kept({ kind: 'compare', column: 'n', op: '<', value: 20, numeric: true })).toEqual([2, 3]);
    expect(await kept({ kind: 'compare', column: 's', op: '!=', value: 'Apple' })).toEqual([3, 5, 6]);
    expect(
      await kept({ kind: 'not', cond: { kind: 'compare', column: 's', op: '=', value: 'Apple' } }),
    ).toEqual([3, 4, 5, 6]);
  });

  it('missing, in, text tests and finding', async () => {
    expect(await kept({ kind: 'missing', column: 's' })).toEqual([4, 5]);
    expect(await kept({ kind: 'in', column: 's', values: ['apple', 'çava'], caseInsensitive: true })).toEqual(
      [2, 6],
    );
    expect(
      await kept({ kind: 'text', column: 's', match: 'contains', value: 'AN', caseInsensitive: true }),
    ).toEqual([3]);
    expect(await kept({ kind: 'text', column: 's', match: 'endsWith', value: 'va' })).toEqual([6]);
    expect(await kept({ kind: 'text', column: 's', match: 'regex', value: '^[A-Z]' })).toEqual([2]);
    expect(await kept({ kind: 'finding', column: 'n', rule: 'type' })).toEqual([3]);
    expect(await kept({ kind: 'and', all: [] })).toEqual([2, 3, 4, 5, 6]);
    expect(await kept({ kind: 'or', any: [] })).toEqual([]);
  });

  it('names a missing column in the error', async () => {
    await expect(kept({ kind: 'missing', column: 'nope' })).rejects.toMatchObject({
      code: 'RECIPE_COLUMN_MISSING',
      details: { column: 'nope', step: 0, op: 'filterRows' },
    });
  });
});
