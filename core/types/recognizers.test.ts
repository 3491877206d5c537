// Over 400 lines because it is mostly one table of cases (one value per line once formatted); the table is
// kept whole so the verdicts for each type read together and both SQL and the JS twin are checked on all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SchemaField } from '../contract/schema.js';
import { openDuckDb, type DuckDbHandle, type DuckDBConnection } from '../adapters/duckdb.js';
import { quoteLiteral } from '../sql/quote.js';
import { conforms, isMissing, numericValue } from './conforms.js';
import { conformsSql, missingSql, typedLiteralSql, typedSql } from './conforms-sql.js';
import { describeType } from './describe.js';

type Case = [value: string, ok: boolean];
const f = (type: SchemaField['type'], extra: Partial<SchemaField> = {}): SchemaField => ({
  name: 'x',
  type,
  ...extra,
});

// Each group: a field and values with the verdict Table Schema (and this project's documented choices) expect.
const GROUPS: [string, SchemaField, Case[]][] = [
  [
    'integer',
    f('integer'),
    [
      ['12', true],
      ['-0', true],
      ['+5', true],
      ['007', true],
      ['2.5', false],
      ['1e3', false],
      [' 12', false],
      ['12 ', false],
      ['1,000', false],
      ['abc', false],
      ['0x1F', false],
      ['1_000', false],
      ['١٢', false],
      ['-', false],
      ['170141183460469231731687303715884105727', true],
      ['170141183460469231731687303715884105728', false],
    ],
  ],
  [
    'integer groupChar',
    f('integer', { groupChar: ',' }),
    [
      ['1,000', true],
      ['1,000,000', true],
      ['1000', true],
      ['-1,000', true],
      ['1,00', false],
      [',100', false],
      ['1,0000', false],
    ],
  ],
  [
    'integer bareNumber=false',
    f('integer', { bareNumber: false }),
    [
      ['€95', true],
      ['95%', true],
      ['EUR 95', true],
      ['-5 USD', true],
      ['95 apples 3', false],
      ['abc', false],
    ],
  ],
  [
    'number',
    f('number'),
    [
      ['2.5', true],
      ['1e3', true],
      ['1E-3', true],
      ['.5', true],
      ['5.', true],
      ['-.5e10', true],
      ['NaN', true],
      ['nan', true],
      ['INF', true],
      ['-INF', true],
      ['+inf', true],
      ['Infinity', false],
      ['1.2.3', false],
      ['1,5', false],
      ['e5', false],
      ['.', false],
      [' 1.5', false],
      ['1.5 ', false],
      ['--1', false],
      ['12', true],
    ],
  ],
  [
    'number decimal comma',
    f('number', { decimalChar: ',', groupChar: '.' }),
    [
      ['1.234,5', true],
      ['1234,5', true],
      ['1,5', true],
      ['1.5', false],
      ['1.234.567', true],
      ['1,2,3', false],
    ],
  ],
  [
    'boolean',
    f('boolean'),
    [
      ['true', true],
      ['TRUE', true],
      ['True', true],
      ['1', true],
      ['0', true],
      ['false', true],
      ['tRue', false],
      ['yes', false],
      [' true', false],
      ['2', false],
    ],
  ],
  [
    'boolean custom',
    f('boolean', { trueValues: ['yes', 'Y'], falseValues: ['no', 'N'] }),
    [
      ['yes', true],
      ['N', true],
      ['true', false],
      ['1', false],
    ],
  ],
  [
    'date',
    f('date'),
    [
      ['2024-02-29', true],
      ['2000-02-29', true],
      ['0001-01-01', true],
      ['2023-02-29', false],
      ['2024-02-30', false],
      ['1900-02-29', false],
      ['2024-04-31', false],
      ['2024-13-01', false],
      ['2024-00-10', false],
      ['2024-1-5', false],
      ['2024-01-05 ', false],
      // Ten characters in the ISO shape but not ISO digits (the SQL side tests a GLOB before DuckDB's lenient cast).
      [' 024-01-05', false],
      ['+024-01-05', false],
      ['2024-01-5 ', false],
      ['2024-1-05 ', false],
      ['２０２４-01-05', false],
      ['12/31/2024', false],
      ['2024-01-05T00:00:00', false],
      ['yesterday', false],
    ],
  ],
  [
    'date %d/%m/%Y',
    f('date', { format: '%d/%m/%Y' }),
    [
      ['31/12/2024', true],
      ['1/2/2024', true],
      ['29/02/2024', true],
      ['29/02/2023', false],
      ['30/02/2024', false],
      ['12/31/2024', false],
      ['31/12/2024x', false],
      [' 31/12/2024', false],
      ['31-12-2024', false],
      ['001/02/2024', false],
    ],
  ],
  [
    'date fmt:%m/%d/%Y',
    f('date', { format: 'fmt:%m/%d/%Y' }),
    [
      ['12/31/2024', true],
      ['31/12/2024', false],
    ],
  ],
  [
    'date %d %b %Y',
    f('date', { format: '%d %b %Y' }),
    [
      ['01 Feb 2024', true],
      ['1 feb 2024', true],
      ['01 Foo 2024', false],
      ['30 Feb 2024', false],
    ],
  ],
  [
    'date %y-%m-%d',
    f('date', { format: '%y-%m-%d' }),
    [
      ['00-02-29', true],
      ['23-02-29', false],
    ],
  ],
  [
    'date any',
    f('date', { format: 'any' }),
    [
      ['2024-01-05', true],
      ['31/12/2024', true],
      ['12/31/2024', true],
      ['2024/02/30', false],
      ['yesterday', false],
    ],
  ],
  [
    'datetime',
    f('datetime'),
    [
      ['2024-01-01T10:00:00', true],
      ['2024-01-01 10:00:00', true],
      ['2024-01-01T10:00:00Z', true],
      ['2024-01-01T10:00:00+02:00', true],
      ['2024-01-01T10:00:00-0530', true],
      ['2024-01-01T10:00:00.123', true],
      ['2024-01-01T10:00', false],
      ['2024-02-30T10:00:00', false],
      ['2024-01-01T24:00:00', false],
      ['2024-01-01T10:60:00', false],
      ['2024-01-01', false],
      ['2024-01-01T10:00:00+25:00', false],
    ],
  ],
  [
    'datetime %d/%m/%Y %H:%M',
    f('datetime', { format: '%d/%m/%Y %H:%M' }),
    [
      ['31/12/2024 23:59', true],
      ['31/12/2024 24:00', false],
      ['31/02/2024 10:00', false],
    ],
  ],
  [
    'time',
    f('time'),
    [
      ['10:30:00', true],
      ['23:59:59', true],
      ['00:00:00', true],
      ['24:00:00', true],
      ['10:30:00.5', true],
      ['24:00:01', false],
      ['25:00:00', false],
      ['10:30', false],
      ['23:59:60', false],
      ['1:30:00', false],
    ],
  ],
  [
    'time %H:%M',
    f('time', { format: '%H:%M' }),
    [
      ['10:30', true],
      ['9:05', true],
      ['24:00', false],
      ['10:61', false],
    ],
  ],
  [
    'time %I:%M %p',
    f('time', { format: '%I:%M %p' }),
    [
      ['10:30 PM', true],
      ['13:30 PM', false],
      ['12:00 am', true],
    ],
  ],
  [
    'email',
    f('string', { format: 'email' }),
    [
      ['a@b.co', true],
      ['first.last+tag@sub.example.org', true],
      ['a@b', false],
      ['a b@c.de', false],
      ['@b.co', false],
    ],
  ],
  [
    'uri',
    f('string', { format: 'uri' }),
    [
      ['https://x.org/a?b=c', true],
      ['mailto:a@b.c', true],
      ['urn:isbn:123', true],
      ['x', false],
      ['1http://a', false],
      ['http://a b', false],
    ],
  ],
  [
    'uuid',
    f('string', { format: 'uuid' }),
    [
      ['123e4567-e89b-12d3-a456-426614174000', true],
      ['123E4567-E89B-12D3-A456-426614174000', true],
      ['123e4567e89b12d3a456426614174000', false],
      ['123e4567-e89b-12d3-a456-42661417400g', false],
    ],
  ],
  [
    'binary',
    f('string', { format: 'binary' }),
    [
      ['aGVsbG8=', true],
      ['aGVsbA==', true],
      ['aGVsbG8', false],
    ],
  ],
  [
    'string',
    f('string'),
    [
      ['anything at all', true],
      ['😀', true],
    ],
  ],
];

let db: DuckDbHandle;
let conn: DuckDBConnection;
beforeAll(async () => {
  db = await openDuckDb(':memory:');
  conn = await db.connect();
});
afterAll(() => {
  conn.closeSync();
  db.close();
});

async function column(expr: (col: string) => string, values: string[]): Promise<unknown[]> {
  const rows = values.map((v, i) => `(${i}, ${quoteLiteral(v)})`).join(', ');
  const r = await conn.runAndReadAll(`SELECT ${expr('v')} AS r FROM (VALUES ${rows}) t(i, v) ORDER BY i`);
  return r.getRowsJson().map((row) => row[0]);
}

describe('recognizers', () => {
  for (const [label, field, cases] of GROUPS) {
    it(`${label}: JS twin`, () => {
      expect(cases.map(([v]) => [v, conforms(field, v)])).toEqual(cases);
    });
    it(`${label}: SQL`, async () => {
      const got = await column(
        (c) => `coalesce(${conformsSql(field, c)}, false)`,
        cases.map(([v]) => v),
      );
      expect(cases.map(([v], i) => [v, got[i]])).toEqual(cases);
    });
  }

  it('converts conforming text to typed values and everything else to NULL', async () => {
    const typed = async (field: SchemaField, values: string[]) =>
      column((c) => `${typedSql(field, c)}::VARCHAR`, values);
    expect(await typed(f('integer', { groupChar: ',' }), ['1,000', '-0', '2.5'])).toEqual([
      '1000',
      '0',
      null,
    ]);
    expect(await typed(f('integer', { bareNumber: false }), ['€95', '95%'])).toEqual(['95', '95']);
    // Plain integers take a round-trip fast path; other spellings and values past BIGINT take the regex.
    expect(
      await typed(f('integer'), [
        '12',
        '-0',
        '+5',
        '007',
        ' 12',
        '2.5',
        '0b1',
        '-9223372036854775808',
        '9223372036854775808',
      ]),
    ).toEqual(['12', '0', '5', '7', null, null, null, '-9223372036854775808', '9223372036854775808']);
    expect(
      await typed(f('number', { decimalChar: ',', groupChar: '.' }), ['1.234,5', '-INF', '1,2,3']),
    ).toEqual(['1234.5', '-inf', null]);
    expect(await typed(f('number'), ['-INF', 'NaN', '1e3'])).toEqual(['-inf', 'nan', '1000.0']);
    expect(await typed(f('boolean'), ['TRUE', '0', 'no'])).toEqual(['true', 'false', null]);
    expect(await typed(f('date', { format: '%d/%m/%Y' }), ['31/12/2024', '31/02/2024'])).toEqual([
      '2024-12-31',
      null,
    ]);
    expect(
      await typed(f('datetime'), [
        '2024-01-01T10:00:00+02:00',
        '2024-01-01 10:00:00Z',
        '2024-01-01T10:00:00',
      ]),
    ).toEqual(['2024-01-01 08:00:00', '2024-01-01 10:00:00', '2024-01-01 10:00:00']);
    expect(await typed(f('time'), ['24:00:00', '07:05:00'])).toEqual(['24:00:00', '07:05:00']);
    expect(typedSql(f('string'), 'v')).toBeNull();
  });

  it('reads constraint values in the field format or ISO, JSON numbers as numbers', async () => {
    const one = async (sql: string) =>
      (await conn.runAndReadAll(`SELECT (${sql})::VARCHAR`)).getRowsJson()[0]?.[0];
    const dmy = f('date', { format: '%d/%m/%Y' });
    expect(await one(typedLiteralSql(dmy, '01/02/2024'))).toBe('2024-02-01');
    expect(await one(typedLiteralSql(dmy, '2024-02-01'))).toBe('2024-02-01');
    expect(await one(typedLiteralSql(f('number', { decimalChar: ',' }), 2.5))).toBe('2.5');
    expect(await one(typedLiteralSql(f('integer'), 7))).toBe('7');
    expect(await one(typedLiteralSql(f('boolean'), true))).toBe('true');
  });

  it('treats NULL and the missing values as missing', async () => {
    const values = ['', 'NA', 'x'];
    expect(await column((c) => missingSql(c), values)).toEqual([true, false, false]);
    expect(await column((c) => missingSql(c, ['NA']), values)).toEqual([false, true, false]);
    expect(await column(() => missingSql('NULL::VARCHAR', []), ['a'])).toEqual([true]);
    expect(isMissing(null)).toBe(true);
    expect(isMissing('')).toBe(true);
    expect(isMissing('', ['NA'])).toBe(false);
  });

  it('gives numeric values for schema checks', () => {
    expect(numericValue(f('number', { decimalChar: ',' }), '2,5')).toBe(2.5);
    expect(numericValue(f('number'), '-INF')).toBe(-Infinity);
    expect(numericValue(f('integer'), '2.5')).toBeNaN();
  });

  it('describes what each type expects', () => {
    expect(describeType(f('date'))).toBe('a date in format %Y-%m-%d');
    expect(describeType(f('date', { format: 'fmt:%d/%m/%Y' }))).toBe('a date in format %d/%m/%Y');
    expect(describeType(f('number', { decimalChar: ',' }))).toBe("a number (decimal mark ',')");
    expect(describeType(f('string', { format: 'email' }))).toBe('an email address');
    expect(describeType(f('boolean'))).toMatch(/^a boolean \(true: true, True, TRUE, 1; false:/);
  });
});
