import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSource, openTestDb, runOp, type TestDb } from '../test-helpers.js';

let t: TestDb;
const ID = 'pv';
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['card', 'd'],
    [
      ['4111111111111234', '2024-03-15'],
      ['12', '2024-12-01T10:00:00'],
      [null, 'garbage'],
      ['', null],
      ['Zoë ✓', '2024-13-01'],
    ],
  );
});
afterEach(() => t.close());

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('privacy operations', () => {
  it('hash uses the salt passed at apply time and leaves missing values', async () => {
    const { rows } = await runOp(
      t.conn,
      ID,
      { op: 'hash', columns: ['card'], secret: 'salt' },
      { secrets: { salt: 's3cret' } },
    );
    expect(rows.map((r) => r[1])).toEqual([
      sha('s3cret\u001f4111111111111234'),
      sha('s3cret\u001f12'),
      null,
      '',
      sha('s3cret\u001fZoë ✓'),
    ]);
  });

  it('hash without its secret is a usage error', async () => {
    await expect(runOp(t.conn, ID, { op: 'hash', columns: ['card'], secret: 'salt' })).rejects.toMatchObject({
      code: 'BAD_USAGE',
    });
  });

  it('mask keeps the last characters, masks short values whole, fixed length on request', async () => {
    const m = await runOp(t.conn, ID, { op: 'mask', columns: ['card'] });
    expect(m.rows.map((r) => r[1])).toEqual(['************1234', '**', null, '', '*oë ✓']);
    const f = await runOp(t.conn, ID, {
      op: 'mask',
      columns: ['card'],
      keepFirst: 1,
      keepLast: 2,
      maskLength: 4,
      maskChar: '#',
    });
    expect(f.rows.map((r) => r[1])).toEqual(['4####34', '####', null, '', 'Z#### ✓']);
  });

  it('redact replaces non-missing values', async () => {
    const r = await runOp(t.conn, ID, { op: 'redact', columns: ['card'] });
    expect(r.rows.map((x) => x[1])).toEqual(['[REDACTED]', '[REDACTED]', null, '', '[REDACTED]']);
  });

  it('generaliseDate keeps month or year; anything else becomes missing', async () => {
    const mo = await runOp(t.conn, ID, { op: 'generaliseDate', columns: ['d'], to: 'month' });
    expect(mo.rows.map((r) => r[2])).toEqual(['2024-03', '2024-12', null, null, null]);
    const yr = await runOp(t.conn, ID, { op: 'generaliseDate', columns: ['d'], to: 'year' });
    expect(yr.rows.map((r) => r[2])).toEqual(['2024', '2024', null, null, null]);
  });
});
