import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Operation } from '../../contract/recipe.js';
import { createSource, openTestDb, runOp, type TestDb } from '../test-helpers.js';

let t: TestDb;
const ID = 'num';
afterEach(() => t.close());

async function parse(
  values: (string | null)[],
  op: Omit<Extract<Operation, { op: 'parseNumber' }>, 'op' | 'columns'>,
) {
  await createSource(
    t.conn,
    ID,
    ['n'],
    values.map((v) => [v]),
  );
  const { rows, run } = await runOp(t.conn, ID, { op: 'parseNumber', columns: ['n'], ...op });
  return { out: rows.map((r) => r[1]), changed: run.steps[0]?.rowsChanged };
}

beforeEach(async () => {
  t = await openTestDb();
});

describe('parseNumber', () => {
  it('reads European numbers with currency, spaces and percent', async () => {
    const { out, changed } = await parse(
      [
        '1.234,50 €',
        '€ -12',
        '(3,5)',
        '7-',
        '12,5 %',
        '33,3%',
        '100%',
        '0,5%',
        '1.5',
        '1.23',
        null,
        '',
        'abc',
        ' 0042 ',
      ],
      { decimal: ',', group: '.' },
    );
    expect(out).toEqual([
      '1234.50',
      '-12',
      '-3.5',
      '-7',
      '0.125',
      '0.333',
      '1',
      '0.005',
      '1.5',
      '1.23',
      null,
      '',
      'abc',
      '42',
    ]);
    expect(changed).toBe(9);
  });

  it('reads US numbers and refuses badly grouped ones', async () => {
    const { out } = await parse(
      ['$1,234,567.89', '1,23', '12,345', '-0.5', '+3', 'USD 10', '1,2345.6', '.75'],
      {
        decimal: '.',
        group: ',',
      },
    );
    expect(out).toEqual(['1234567.89', '1,23', '12345', '-0.5', '3', '10', '1,2345.6', '0.75']);
  });

  it('reads space and apostrophe groups (no-break spaces too) and makes failures NULL on request', async () => {
    const sp = await parse(['1 234 567,5', '1\u00a0234', '1\u202f000,25', '12 34'], {
      decimal: ',',
      group: ' ',
      onError: 'null',
    });
    expect(sp.out).toEqual(['1234567.5', '1234', '1000.25', null]);
    await t.conn.run('DROP TABLE num__source');
    const ch = await parse(["1'234.5", '1’000', "12'34"], { decimal: '.', group: "'" });
    expect(ch.out).toEqual(['1234.5', '1000', "12'34"]);
  });

  it('keeps percent signs as plain numbers with percent: keep', async () => {
    const { out } = await parse(['12,5 %'], { decimal: ',', group: '', percent: 'keep' });
    expect(out).toEqual(['12,5 %']);
  });

  it('refuses equal group and decimal separators', async () => {
    await expect(parse(['1'], { decimal: '.', group: '.' })).rejects.toMatchObject({
      code: 'RECIPE_INVALID',
    });
  });
});
