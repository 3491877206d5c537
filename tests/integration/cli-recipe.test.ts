// `sluice suggest` and `sluice recipe apply|export` as a user runs them (the built bin, a child process): the
// daily drop — suggestions on day 1 become a recipe that replays on day 2; a file lacking a column fails with
// exit 2 naming the step and the column.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runSluice } from '../support/cli.js';

const home = mkdtempSync(join(tmpdir(), 'sluice-cli-recipe-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function sluice(...args: string[]) {
  return runSluice(args, { ...process.env, SLUICE_HOME: home, SLUICE_SECRET_pii: 'day-salt' });
}

const file = (name: string, text: string) => {
  const p = join(home, name);
  writeFileSync(p, text);
  return p;
};

const day1 = file(
  'day1.csv',
  [
    'id,order_date,status,email',
    '1,2024-01-05,shipped,a@x.io',
    '2,05/01/2024,shiped,b@x.io',
    '3,17/02/2024,Shipped,',
    '4,31/12/2023,pending,c@x.io',
    '5,tomorrow,pending,d@x.io',
    '',
  ].join('\n'),
);
// The next day: other rows, the columns in another order, unicode and a quoted empty string.
const day2 = file(
  'day2.csv',
  [
    'email,status,order_date,id',
    'é@x.io,shiped,01/03/2024,6',
    'f@x.io,pending,2024-03-02,7',
    '"",Shipped,15/03/2024,8',
    '',
  ].join('\n'),
);
const day3 = file('day3.csv', ['id,date,status,email', '9,01/04/2024,shipped,g@x.io', ''].join('\n'));
const schema = file(
  'orders.schema.json',
  JSON.stringify({
    fields: [
      { name: 'id', type: 'integer' },
      { name: 'order_date', type: 'date' },
      { name: 'status', type: 'string', constraints: { enum: ['shipped', 'pending'] } },
      { name: 'email', type: 'string' },
    ],
  }),
);
const recipe = join(home, 'fixes.recipe.json');

describe('sluice suggest / recipe', () => {
  it('prints help for both commands and refuses bad usage with exit 2', () => {
    expect(sluice('suggest', '--help').code).toBe(0);
    expect(sluice('recipe', '--help').code).toBe(0);
    expect(sluice('--help').out).toMatch(/recipe apply FILE/);
    expect(sluice('suggest', day1).code).toBe(2); // no --schema
    expect(sluice('recipe', 'apply', day1).code).toBe(2); // no --recipe
    expect(sluice('recipe', 'frob', day1).code).toBe(2);
  });

  it('suggest --json gives operations with their effect on the whole file and writes them as a recipe', () => {
    const r = sluice('suggest', day1, '--schema', schema, '--json', '--recipe', recipe);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as {
      findings: { total: number };
      suggestions: {
        column: string;
        rule: string;
        title: string;
        op: { op: string };
        findingsFixed: number;
      }[];
    };
    expect(j.findings.total).toBe(6); // 4 dates + 'shiped' + 'Shipped'
    const parse = j.suggestions.find((s) => s.column === 'order_date' && s.op.op === 'parseDate');
    expect(parse?.title).toMatch(
      /^parse 3 values of order_date with format %d\/%m\/%Y — fixes 3 of 4 findings$/,
    );
    const status = j.suggestions.find((s) => s.column === 'status' && s.op.op === 'mapValues');
    expect(status?.findingsFixed).toBe(2);
    const written = JSON.parse(readFileSync(recipe, 'utf8')) as { steps: { op: { op: string } }[] };
    expect(written.steps.map((s) => s.op.op)).toEqual(['parseDate', 'mapValues']);
  });

  it('suggest prints one line per suggestion, grouped', () => {
    const r = sluice('suggest', day1, '--schema', schema, '--column', 'status');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^status · enum \(2 findings\)$/m);
    expect(r.out).not.toMatch(/order_date/);
  });

  it('recipe apply replays the recipe on the next file and writes the result (CSV)', () => {
    const out = join(home, 'day2.clean.csv');
    const r = sluice('recipe', 'apply', day2, '--recipe', recipe, '--schema', schema, '--out', out, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0); // nothing left to fix
    const j = JSON.parse(r.out) as {
      rowsIn: number;
      rowsOut: number;
      steps: { op: string; rowsChanged: number }[];
      findings: { total: number };
    };
    expect(j).toMatchObject({ rowsIn: 3, rowsOut: 3, findings: { total: 0 } });
    expect(j.steps.map((s) => [s.op, s.rowsChanged])).toEqual([
      ['parseDate', 2],
      ['mapValues', 2],
    ]);
    const rows = parse(readFileSync(out, 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { email: 'é@x.io', status: 'shipped', order_date: '2024-03-01', id: '6' },
      { email: 'f@x.io', status: 'pending', order_date: '2024-03-02', id: '7' },
      { email: '', status: 'shipped', order_date: '2024-03-15', id: '8' },
    ]);
  });

  it('recipe apply without a schema, to Parquet, prints a table of steps', () => {
    const out = join(home, 'day2.parquet');
    const r = sluice('recipe', 'apply', day2, '--recipe', recipe, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/parseDate\s+2\s+3/);
    expect(r.out).toMatch(/Wrote 3 rows to .*day2\.parquet \(parquet\)/);
    expect(existsSync(out)).toBe(true);
  });

  it('a file lacking a column the recipe needs fails with exit 2 naming the step and the column', () => {
    const r = sluice('recipe', 'apply', day3, '--recipe', recipe);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Step 1 \(parseDate\) needs column 'order_date'/);
    expect(r.out).toBe('');
  });

  it('a malformed recipe fails with exit 2 naming the file', () => {
    const bad = file('bad.recipe.json', '{"format": "sluice-recipe", "version": 1, "steps": [}');
    const r = sluice('recipe', 'apply', day2, '--recipe', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.recipe\.json/);
  });

  it('recipe export writes the working recipe of the file (as applied), with hash salts from the environment', () => {
    const hashed = file(
      'hash.recipe.json',
      JSON.stringify({
        format: 'sluice-recipe',
        version: 1,
        steps: [{ id: 'h', enabled: true, op: { op: 'hash', columns: ['email'], secret: 'pii' } }],
      }),
    );
    const applied = sluice('recipe', 'apply', day1, '--recipe', hashed, '--json');
    expect(applied.code).toBe(0);
    const out = join(home, 'exported.json');
    const r = sluice('recipe', 'export', day1, '--out', out, '--name', 'day one');
    expect(r.code).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(exported).toMatchObject({ format: 'sluice-recipe', name: 'day one', steps: [{ id: 'h' }] });
    expect(JSON.stringify(exported)).not.toContain('day-salt');
  });
});
