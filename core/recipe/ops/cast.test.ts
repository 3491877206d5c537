import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSource, openTestDb, runOp, type TestDb } from '../test-helpers.js';

let t: TestDb;
const ID = 'ca';
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['v'],
    [['12'], [' -3 '], ['2.5'], ['1e3'], [null], [''], ['x'], ['99999999999']].map((r) => r),
  );
});
afterEach(() => t.close());

async function types(table: string) {
  const r = await t.conn.runAndReadAll(
    `SELECT data_type FROM duckdb_columns() WHERE table_name = '${table}' AND column_name = 'v'`,
  );
  return r.getRowObjectsJS()[0]?.data_type;
}

describe('cast', () => {
  it('casts strictly: 2.5 and 1e3 are not integers; failures become NULL', async () => {
    const { rows, run } = await runOp(t.conn, ID, { op: 'cast', columns: ['v'], to: 'integer' });
    expect(rows.map((r) => r[1])).toEqual(['12', '-3', null, null, null, null, null, null]);
    expect(await types(run.table)).toBe('INTEGER');
    // Changed = the text form differs: ' -3 ' → -3, and 2.5, 1e3, '', x, overflow → NULL.
    expect(run.steps[0]?.rowsChanged).toBe(6);
  });

  it('casts to double, decimal with a scale limit, and boolean', async () => {
    const dbl = await runOp(t.conn, ID, { op: 'cast', columns: ['v'], to: 'double' });
    expect(dbl.rows.map((r) => r[1])).toEqual(['12', '-3', '2.5', '1000', null, null, null, '99999999999']);
    const dec = await runOp(t.conn, ID, {
      op: 'cast',
      columns: ['v'],
      to: 'decimal',
      precision: 10,
      scale: 0,
    });
    expect(dec.rows.map((r) => r[1])).toEqual(['12', '-3', null, null, null, null, null, null]);
    await t.conn.run(
      `UPDATE ca__source SET v = CASE __line WHEN 2 THEN 'TRUE' WHEN 3 THEN '0' WHEN 4 THEN 'yes' ELSE v END`,
    );
    const b = await runOp(t.conn, ID, { op: 'cast', columns: ['v'], to: 'boolean' });
    expect(b.rows.slice(0, 3).map((r) => r[1])).toEqual(['true', 'false', null]);
  });

  it('fails the step on a bad value with onError fail, naming value and column', async () => {
    await expect(
      runOp(t.conn, ID, { op: 'cast', columns: ['v'], to: 'integer', onError: 'fail' }),
    ).rejects.toMatchObject({
      code: 'RECIPE_INVALID',
      message: expect.stringMatching(/Step 1 \(cast\).*'2\.5'.*'v'/),
    });
  });
});
