// Every operation on one dirty fixture — unicode (combining-free accents, emoji, CJK), NULL, empty strings,
// whitespace-only values with a no-break space, localized numbers, invalid dates — with the exact output, the
// rows it reports changed, and the same figures from previewOp. A new operation must add its case here.

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpName, Operation } from '../../contract/recipe.js';
import { previewOp } from '../preview.js';
import { OP_NAMES } from '../recipe-spec.js';
import { createFindings, createSource, openTestDb, runOp, type TestDb } from '../test-helpers.js';

const ID = 'dm';
const COLS = ['v', 'n', 'd', 'k'];
const ROWS: (string | null)[][] = [
  ['  Zoë 🚀 ', '1.234,50 €', '31/12/2024', 'a'], // line 2
  [null, null, null, 'b'], // 3
  ['', '', '', 'a'], // 4
  ['東京', '(12)', '2024-02-29', null], // 5
  ['N/A', 'N/A', 'N/A', 'c'], // 6
  [' \u00a0 ', '7', '29/02/2023', 'c'], // 7: blank (no-break space), an impossible date
];
const hash = (v: string) => createHash('sha256').update(`salt\u001f${v}`).digest('hex');

type Row = (string | number | null)[];
interface Case {
  op: Operation;
  columns: string[];
  rows: Row[];
  changed: number;
}
/** The fixture's rows with column `i` (0-based, after the line) replaced by `values`. */
const withCol = (i: number, values: (string | null)[]): Row[] =>
  ROWS.map((r, j) => [j + 2, ...r.map((v, c) => (c === i ? (values[j] ?? null) : v))]);
const source = withCol(-1, []);
const only = (lines: number[]) => source.filter((r) => lines.includes(r[0] as number));

const CASES: Record<OpName, Case> = {
  editCell: {
    op: { op: 'editCell', line: 3, column: 'v', value: 'ñ', previous: null },
    columns: COLS,
    rows: withCol(0, ['  Zoë 🚀 ', 'ñ', '', '東京', 'N/A', ' \u00a0 ']),
    changed: 1,
  },
  trim: {
    op: { op: 'trim', columns: ['v'] },
    columns: COLS,
    rows: withCol(0, ['Zoë 🚀', null, '', '東京', 'N/A', '']),
    changed: 2,
  },
  collapseSpaces: {
    op: { op: 'collapseSpaces', columns: ['v'] },
    columns: COLS,
    rows: withCol(0, [' Zoë 🚀 ', null, '', '東京', 'N/A', ' ']),
    changed: 2,
  },
  changeCase: {
    op: { op: 'changeCase', case: 'title', columns: ['v'] },
    columns: COLS,
    rows: withCol(0, ['  Zoë 🚀 ', null, '', '東京', 'N/a', ' \u00a0 ']),
    changed: 1,
  },
  replace: {
    op: { op: 'replace', columns: ['v'], find: 'ë|京', replacement: '_', regex: true },
    columns: COLS,
    rows: withCol(0, ['  Zo_ 🚀 ', null, '', '東_', 'N/A', ' \u00a0 ']),
    changed: 2,
  },
  mapValues: {
    op: {
      op: 'mapValues',
      columns: ['v'],
      mapping: [
        { from: '東京', to: 'Tōkyō' },
        { from: '', to: null },
      ],
    },
    columns: COLS,
    rows: withCol(0, ['  Zoë 🚀 ', null, null, 'Tōkyō', 'N/A', ' \u00a0 ']),
    changed: 2,
  },
  nullTokens: {
    op: { op: 'nullTokens', columns: ['v', 'n'], tokens: ['n/a'], caseInsensitive: true },
    columns: COLS,
    rows: source.map((r) => (r[0] === 6 ? [6, null, null, 'N/A', 'c'] : r)),
    changed: 1,
  },
  parseNumber: {
    op: { op: 'parseNumber', columns: ['n'], decimal: ',', group: '.', onError: 'null' },
    columns: COLS,
    rows: withCol(1, ['1234.50', null, null, '-12', null, '7']),
    changed: 4,
  },
  parseDate: {
    op: { op: 'parseDate', columns: ['d'], formats: ['%d/%m/%Y', '%Y-%m-%d'] },
    columns: COLS,
    rows: withCol(2, ['2024-12-31', null, '', '2024-02-29', 'N/A', '29/02/2023']),
    changed: 1,
  },
  cast: {
    op: { op: 'cast', columns: ['n'], to: 'integer', onError: 'null' },
    columns: COLS,
    rows: withCol(1, [null, null, null, null, null, '7']),
    changed: 4,
  },
  fillDown: {
    op: { op: 'fillDown', columns: ['v'] },
    columns: COLS,
    rows: withCol(0, ['  Zoë 🚀 ', '  Zoë 🚀 ', '  Zoë 🚀 ', '東京', 'N/A', 'N/A']),
    changed: 3,
  },
  fillDefault: {
    op: { op: 'fillDefault', columns: ['v'], value: '—' },
    columns: COLS,
    rows: withCol(0, ['  Zoë 🚀 ', '—', '—', '東京', 'N/A', '—']),
    changed: 3,
  },
  split: {
    op: { op: 'split', column: 'v', separator: ' ', into: ['v1', 'v2'] },
    columns: ['v1', 'v2', 'n', 'd', 'k'],
    rows: [
      [2, '', ' Zoë 🚀 ', '1.234,50 €', '31/12/2024', 'a'],
      [3, null, null, null, null, 'b'],
      [4, '', null, '', '', 'a'],
      [5, '東京', null, '(12)', '2024-02-29', null],
      [6, 'N/A', null, 'N/A', 'N/A', 'c'],
      [7, '', '\u00a0 ', '7', '29/02/2023', 'c'], // split at the first ASCII space; the no-break space stays
    ],
    changed: 5,
  },
  merge: {
    op: { op: 'merge', columns: ['v', 'k'], separator: '·', into: 'vk' },
    columns: ['vk', 'n', 'd'],
    rows: [
      [2, '  Zoë 🚀 ·a', '1.234,50 €', '31/12/2024'],
      [3, 'b', null, null],
      [4, 'a', '', ''],
      [5, '東京', '(12)', '2024-02-29'],
      [6, 'N/A·c', 'N/A', 'N/A'],
      [7, 'c', '7', '29/02/2023'],
    ],
    changed: 6,
  },
  derive: {
    op: { op: 'derive', name: 'len', expr: 'length(v)' },
    columns: [...COLS, 'len'],
    rows: source.map((r, j) => [...r, ['8', null, '0', '2', '3', '3'][j] ?? null]),
    changed: 5,
  },
  rename: {
    op: { op: 'rename', column: 'v', to: 'välue' },
    columns: ['välue', 'n', 'd', 'k'],
    rows: source,
    changed: 0,
  },
  drop: {
    op: { op: 'drop', columns: ['v'] },
    columns: ['n', 'd', 'k'],
    rows: source.map((r) => [r[0] ?? null, ...r.slice(2)]),
    changed: 3, // rows that lost a non-missing value: NULL, '' and blanks are missing
  },
  reorder: {
    op: { op: 'reorder', columns: ['k'] },
    columns: ['k', 'v', 'n', 'd'],
    rows: source.map((r) => [r[0] ?? null, r[4] ?? null, ...r.slice(1, 4)]),
    changed: 0,
  },
  filterRows: {
    op: { op: 'filterRows', where: { kind: 'missing', column: 'v' }, mode: 'drop' },
    columns: COLS,
    rows: only([2, 5, 6]),
    changed: 3,
  },
  dropRowsWithFindings: {
    op: { op: 'dropRowsWithFindings', column: 'd' },
    columns: COLS,
    rows: only([3, 4, 5, 6]),
    changed: 2,
  },
  dedupe: {
    // 'a': line 2 is more complete than 4; 'c': line 6 (three 'N/A') beats 7 (a blank); NULL keys never collide.
    op: { op: 'dedupe', keys: ['k'], keep: 'mostComplete' },
    columns: COLS,
    rows: only([2, 3, 5, 6]),
    changed: 2,
  },
  hash: {
    op: { op: 'hash', columns: ['v'], secret: 's' },
    columns: COLS,
    rows: withCol(0, [hash('  Zoë 🚀 '), null, '', hash('東京'), hash('N/A'), ' \u00a0 ']),
    changed: 3,
  },
  mask: {
    // Code points, not UTF-16 units: the emoji stays whole; a value no longer than keepLast is masked whole.
    op: { op: 'mask', columns: ['v'], keepLast: 2 },
    columns: COLS,
    rows: withCol(0, ['******🚀 ', null, '', '**', '*/A', ' \u00a0 ']),
    changed: 3,
  },
  redact: {
    op: { op: 'redact', columns: ['v'] },
    columns: COLS,
    rows: withCol(0, ['[REDACTED]', null, '', '[REDACTED]', '[REDACTED]', ' \u00a0 ']),
    changed: 3,
  },
  generaliseDate: {
    op: { op: 'generaliseDate', columns: ['d'], to: 'month' },
    columns: COLS,
    rows: withCol(2, [null, null, null, '2024-02', null, null]),
    changed: 5,
  },
};

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb();
  await createSource(t.conn, ID, COLS, ROWS);
  await createFindings(t.conn, ID, [
    { line: 2, column: 'd', rule: 'type' },
    { line: 7, column: 'd', rule: 'type' },
  ]);
});
afterAll(() => t.close());

describe('every operation on dirty data', () => {
  it('has a case for every operation', () => {
    expect(Object.keys(CASES).sort()).toEqual([...OP_NAMES].sort());
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(`${name}: exact output, rows changed, and the same figures in its preview`, async () => {
      const secrets = { s: 'salt' };
      const { run, rows, columns } = await runOp(t.conn, ID, c.op, { secrets });
      expect(columns).toEqual(c.columns);
      expect(rows).toEqual(c.rows);
      expect(run.steps[0]?.rowsChanged).toBe(c.changed);
      const p = await previewOp(t.conn, ID, null, c.op, { secrets });
      expect(p).toMatchObject({ rowsChanged: c.changed, rowsIn: ROWS.length, rowsOut: c.rows.length });
      expect(p.columnsAfter).toEqual(c.columns);
    });
  }
});
