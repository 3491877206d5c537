import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSource, openTestDb, runOp, type TestDb } from '../test-helpers.js';

let t: TestDb;
const ID = 'st';
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['name', 'city', 'n'],
    [
      ['Ada, Lovelace', 'Zürich', '1'],
      ['Grace', null, '2'],
      [null, '', '3'],
      ['a, b, c, d', 'Ōsaka', null],
    ],
  );
});
afterEach(() => t.close());

describe('structure operations', () => {
  it('split puts parts after the column and keeps the rest in the last one', async () => {
    const { rows, columns, run } = await runOp(t.conn, ID, {
      op: 'split',
      column: 'name',
      separator: ', ',
      into: ['first', 'last'],
    });
    expect(columns).toEqual(['first', 'last', 'city', 'n']);
    expect(rows.map((r) => [r[1], r[2]])).toEqual([
      ['Ada', 'Lovelace'],
      ['Grace', null],
      [null, null],
      ['a', 'b, c, d'],
    ]);
    expect(run.steps[0]?.rowsChanged).toBe(3);
  });

  it('split by regex keeps the original on request', async () => {
    const { rows, columns } = await runOp(t.conn, ID, {
      op: 'split',
      column: 'name',
      separator: ',\\s*',
      regex: true,
      into: ['a', 'b', 'c'],
      keepOriginal: true,
    });
    expect(columns).toEqual(['name', 'a', 'b', 'c', 'city', 'n']);
    expect(rows[3]?.slice(2, 5)).toEqual(['a', 'b', 'c, d']);
  });

  it('merge skips missing parts and is NULL when all are missing', async () => {
    const { rows, columns } = await runOp(t.conn, ID, {
      op: 'merge',
      columns: ['city', 'name'],
      separator: ' / ',
      into: 'both',
    });
    expect(columns).toEqual(['both', 'n']);
    expect(rows.map((r) => r[1])).toEqual(['Zürich / Ada, Lovelace', 'Grace', null, 'Ōsaka / a, b, c, d']);
  });

  it('derive adds a typed column from an expression after a given column', async () => {
    const { rows, columns } = await runOp(t.conn, ID, {
      op: 'derive',
      name: 'n2',
      expr: 'TRY_CAST(n AS INTEGER) * 2',
      after: 'name',
    });
    expect(columns).toEqual(['name', 'n2', 'city', 'n']);
    expect(rows.map((r) => r[2])).toEqual(['2', '4', '6', null]);
  });

  it('derive refuses several expressions, `;`, subqueries and unknown columns', async () => {
    const bad = async (expr: string) => runOp(t.conn, ID, { op: 'derive', name: 'x', expr });
    await expect(bad('1, 2')).rejects.toMatchObject({ code: 'RECIPE_INVALID' });
    await expect(bad('1; DROP TABLE st__source')).rejects.toMatchObject({ code: 'RECIPE_INVALID' });
    await expect(bad('(SELECT 1)')).rejects.toMatchObject({ code: 'RECIPE_INVALID' });
    await expect(bad('1 FROM st__source')).rejects.toMatchObject({ code: 'RECIPE_INVALID' });
    await expect(bad('upper(nope)')).rejects.toMatchObject({
      code: 'RECIPE_COLUMN_MISSING',
      details: { column: 'nope' },
    });
    // Lambda parameters are not columns.
    const ok = await runOp(t.conn, ID, {
      op: 'derive',
      name: 'x',
      expr: 'list_transform([1, 2], lambda v: v + 1)[2]',
    });
    expect(ok.rows[0]?.[4]).toBe('3');
  });

  it('rename, drop and reorder change the columns', async () => {
    const rn = await runOp(t.conn, ID, { op: 'rename', column: 'CITY', to: 'town' });
    expect(rn.columns).toEqual(['name', 'town', 'n']);
    expect(rn.run.steps[0]?.rowsChanged).toBe(0);
    const dr = await runOp(t.conn, ID, { op: 'drop', columns: ['city'] });
    expect(dr.columns).toEqual(['name', 'n']);
    expect(dr.run.steps[0]?.rowsChanged).toBe(2);
    const ro = await runOp(t.conn, ID, { op: 'reorder', columns: ['n', 'city'] });
    expect(ro.columns).toEqual(['n', 'city', 'name']);
    await expect(runOp(t.conn, ID, { op: 'rename', column: 'city', to: 'N' })).rejects.toMatchObject({
      code: 'RECIPE_INVALID',
    });
  });
});
