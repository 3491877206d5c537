import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSource, openTestDb, runOp, type TestDb } from '../test-helpers.js';

let t: TestDb;
const ID = 'd1';
const values = ['  Héllo  wörld ', 'ÉCOLE\tnormale', null, '', '\u00a0x\u3000', 'N/A', 'a.b.A.B'];

beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['v', 'other'],
    values.map((v) => [v, 'o']),
  );
});
afterEach(() => t.close());

const col = (rows: (string | number | null)[][]) => rows.map((r) => r[1]);

describe('text operations', () => {
  it('trim removes Unicode whitespace and keeps NULL and empty', async () => {
    const { rows, run } = await runOp(t.conn, ID, { op: 'trim', columns: ['v'] });
    expect(col(rows)).toEqual(['Héllo  wörld', 'ÉCOLE\tnormale', null, '', 'x', 'N/A', 'a.b.A.B']);
    expect(run.steps[0]?.rowsChanged).toBe(2);
    expect(rows.map((r) => r[2])).toEqual(values.map(() => 'o'));
  });

  it('collapseSpaces turns whitespace runs into one space', async () => {
    const { rows } = await runOp(t.conn, ID, { op: 'collapseSpaces', columns: ['v'] });
    expect(col(rows)).toEqual([' Héllo wörld ', 'ÉCOLE normale', null, '', ' x ', 'N/A', 'a.b.A.B']);
  });

  it('changeCase upper, lower and title handle accents', async () => {
    expect(col((await runOp(t.conn, ID, { op: 'changeCase', case: 'upper', columns: ['v'] })).rows)[0]).toBe(
      '  HÉLLO  WÖRLD ',
    );
    expect(col((await runOp(t.conn, ID, { op: 'changeCase', case: 'lower', columns: ['v'] })).rows)[1]).toBe(
      'école\tnormale',
    );
    const title = col((await runOp(t.conn, ID, { op: 'changeCase', case: 'title', columns: ['v'] })).rows);
    expect(title.slice(0, 4)).toEqual(['  Héllo  Wörld ', 'École\tnormale', null, '']);
  });

  it('replace: literal, case-insensitive literal, regex with references', async () => {
    const lit = await runOp(t.conn, ID, { op: 'replace', columns: ['v'], find: '.', replacement: '-' });
    expect(col(lit.rows)[6]).toBe('a-b-A-B');
    const ci = await runOp(t.conn, ID, {
      op: 'replace',
      columns: ['v'],
      find: 'a.',
      replacement: '\\1',
      caseInsensitive: true,
    });
    expect(col(ci.rows)[6]).toBe('\\1b.\\1B');
    expect(ci.run.steps[0]?.rowsChanged).toBe(1);
    const re = await runOp(t.conn, ID, {
      op: 'replace',
      columns: ['v'],
      find: '([a-z])\\.([a-z])',
      replacement: '\\2\\1',
      regex: true,
    });
    expect(col(re.rows)[6]).toBe('ba.A.B');
  });

  it('mapValues replaces whole values, optionally ignoring case, and may map to NULL', async () => {
    const { rows, run } = await runOp(t.conn, ID, {
      op: 'mapValues',
      columns: ['v'],
      mapping: [
        { from: 'n/a', to: null },
        { from: '', to: 'empty' },
      ],
      caseInsensitive: true,
    });
    expect(col(rows)).toEqual([
      '  Héllo  wörld ',
      'ÉCOLE\tnormale',
      null,
      'empty',
      '\u00a0x\u3000',
      null,
      'a.b.A.B',
    ]);
    expect(run.steps[0]?.rowsChanged).toBe(2);
  });

  it('nullTokens makes listed tokens missing after trimming', async () => {
    const { rows } = await runOp(t.conn, ID, { op: 'nullTokens', columns: ['v'], tokens: ['n/a', ''] });
    expect(col(rows)).toEqual([
      '  Héllo  wörld ',
      'ÉCOLE\tnormale',
      null,
      null,
      '\u00a0x\u3000',
      null,
      'a.b.A.B',
    ]);
  });

  it('a where scope limits the rows changed', async () => {
    const { rows, run } = await runOp(t.conn, ID, {
      op: 'changeCase',
      case: 'upper',
      columns: ['v'],
      where: { kind: 'lines', lines: [8] },
    });
    expect(col(rows)[6]).toBe('A.B.A.B');
    expect(col(rows)[0]).toBe('  Héllo  wörld ');
    expect(run.steps[0]?.rowsChanged).toBe(1);
  });

  it('refuses an invalid regex and an empty find, naming the step', async () => {
    await expect(
      runOp(t.conn, ID, { op: 'replace', columns: ['v'], find: '(', replacement: '', regex: true }),
    ).rejects.toMatchObject({
      code: 'RECIPE_INVALID',
      message: expect.stringContaining('Step 1 (replace)'),
    });
    await expect(
      runOp(t.conn, ID, { op: 'replace', columns: ['v'], find: '', replacement: 'x' }),
    ).rejects.toMatchObject({
      code: 'RECIPE_INVALID',
    });
  });
});
