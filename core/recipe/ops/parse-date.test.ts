import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSource, openTestDb, runOp, type TestDb } from '../test-helpers.js';

let t: TestDb;
const ID = 'dt';
beforeEach(async () => {
  t = await openTestDb();
});
afterEach(() => t.close());

async function col(values: (string | null)[]) {
  await createSource(
    t.conn,
    ID,
    ['d'],
    values.map((v) => [v]),
  );
}

describe('parseDate', () => {
  it('tries formats in order and writes ISO dates; impossible dates stay', async () => {
    await col([
      '31/12/2024',
      ' 1/2/2024 ',
      '2024.03.05',
      '31/02/2024',
      '12/31/2024',
      null,
      '',
      'soon',
      '2024-01-01',
    ]);
    const { rows, run } = await runOp(t.conn, ID, {
      op: 'parseDate',
      columns: ['d'],
      formats: ['%d/%m/%Y', '%Y.%m.%d'],
    });
    expect(rows.map((r) => r[1])).toEqual([
      '2024-12-31',
      '2024-02-01',
      '2024-03-05',
      '31/02/2024',
      '12/31/2024',
      null,
      '',
      'soon',
      '2024-01-01',
    ]);
    expect(run.steps[0]?.rowsChanged).toBe(3);
  });

  it('parses date-times, month names, zoned times to UTC, and custom outputs', async () => {
    await col(['05 Mar 2024 14:30', '2024-03-01 10:00 +0200', 'x']);
    const r1 = await runOp(t.conn, ID, {
      op: 'parseDate',
      columns: ['d'],
      formats: ['%d %b %Y %H:%M', '%Y-%m-%d %H:%M %z'],
      onError: 'null',
    });
    expect(r1.rows.map((r) => r[1])).toEqual(['2024-03-05T14:30:00', '2024-03-01T08:00:00Z', null]);
    const r2 = await runOp(t.conn, ID, {
      op: 'parseDate',
      columns: ['d'],
      formats: ['%d %b %Y %H:%M'],
      output: '%d.%m.%Y',
    });
    expect(r2.rows.map((r) => r[1])).toEqual(['05.03.2024', '2024-03-01 10:00 +0200', 'x']);
  });

  it('refuses unsupported directives naming the step', async () => {
    await col(['1']);
    await expect(
      runOp(t.conn, ID, { op: 'parseDate', columns: ['d'], formats: ['%Q'] }),
    ).rejects.toMatchObject({
      code: 'RECIPE_INVALID',
      message: expect.stringContaining('Step 1 (parseDate)'),
    });
  });
});
