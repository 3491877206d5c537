import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type DuckDbHandle, type DuckDBConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import { parseSchema } from '../schema/parse-schema.js';
import { exportFindingsCsv, findingsPage, findingsSummary } from './findings.js';
import { validateTable } from './validate-table.js';

let db: DuckDbHandle;
let conn: DuckDBConnection;

// line, id, qty, price, day, code, email, tag  (NULL = unquoted empty, '' = quoted empty)
const ROWS = [
  [2, '1', '5', '9.5', '2024-01-01', 'AB1', 'a@b.co', 'x'],
  [3, '2', '2.5', '10', '2024-02-30', 'AB2', 'nope', 'y'],
  [4, '3', null, '-1', '31/12/2024', 'zz', 'c@d.io', 'q'],
  [5, '3', '1e3', '1e3', '2023-06-01', 'AB3', '', 'x'],
  [6, '', '7', 'abc', null, 'AB4', 'e@f.gh', 'y'],
  [7, '7', ' 12', '100.5', '2025-01-01', 'AB1', 'a@b.co', 'toolongvalue'],
];

beforeAll(async () => {
  db = await openDuckDb(':memory:');
  conn = await db.connect();
  await conn.run(`CREATE TABLE t1__source (__line BIGINT, id VARCHAR, qty VARCHAR, price VARCHAR, "Day" VARCHAR,
    code VARCHAR, email VARCHAR, tag VARCHAR, extra VARCHAR)`);
  const lit = (v: unknown) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v)}'`);
  await conn.run(
    `INSERT INTO t1__source VALUES ${ROWS.map((r) => `(${[...r, 'ignored'].map(lit).join(', ')})`).join(', ')}`,
  );
  await conn.run(`CREATE TABLE t1__rejects (line BIGINT, reason VARCHAR, message VARCHAR, raw VARCHAR)`);
  await conn.run(`INSERT INTO t1__rejects VALUES (8, 'too_many_fields', 'x', 'a,b')`);
});
afterAll(() => {
  conn.closeSync();
  db.close();
});

const SCHEMA = parseSchema({
  fields: [
    { name: 'id', type: 'integer', constraints: { unique: true } },
    { name: 'qty', type: 'integer', constraints: { required: true, minimum: 1, maximum: 10 } },
    { name: 'price', type: 'number', constraints: { minimum: 0 } },
    { name: 'day', type: 'date', constraints: { maximum: '2024-12-31' } },
    { name: 'code', constraints: { pattern: 'AB[0-9]', minLength: 3 } },
    { name: 'email', type: 'string', format: 'email', constraints: { required: true } },
    { name: 'tag', constraints: { enum: ['x', 'y'], maxLength: 5 } },
  ],
});

describe('validateTable', () => {
  it('reports every rule once per failing value, type failures only as type', async () => {
    const progress: (number | undefined)[] = [];
    const result = await validateTable(conn, 't1', SCHEMA, { onProgress: (p) => progress.push(p.fraction) });
    expect(progress.at(-1)).toBe(1);
    const page = await findingsPage(conn, 't1', { offset: 0, limit: 100 });
    const got = page.findings.map((f) => `${f.line} ${f.column} ${f.rule} ${f.value}`);
    expect(got).toEqual([
      '3 day type 2024-02-30',
      '3 email type nope',
      '3 qty type 2.5',
      '4 code minLength zz',
      '4 code pattern zz',
      '4 day type 31/12/2024',
      '4 id unique 3',
      '4 price minimum -1',
      '4 qty required null',
      '4 tag enum q',
      '5 email required null',
      '5 id unique 3',
      '5 qty type 1e3',
      '6 price type abc',
      '7 day maximum 2025-01-01',
      '7 qty type  12',
      '7 tag enum toolongvalue',
      '7 tag maxLength toolongvalue',
    ]);
    expect(result).toMatchObject({ rows: 6, rejectedLines: 1, total: 18, rowsWithFindings: 5 });
    expect(result.byColumn).toEqual({
      code: { minLength: 1, pattern: 1 },
      day: { maximum: 1, type: 2 },
      email: { required: 1, type: 1 },
      id: { unique: 2 },
      price: { minimum: 1, type: 1 },
      qty: { required: 1, type: 3 },
      tag: { enum: 2, maxLength: 1 },
    });
  });

  it('writes messages that say what is wrong and what was expected', async () => {
    const msg = async (
      column: string,
      rule: 'type' | 'unique' | 'minimum' | 'enum' | 'maxLength' | 'required',
    ) => (await findingsPage(conn, 't1', { column, rule, offset: 0, limit: 1 })).findings[0]?.message;
    expect(await msg('day', 'type')).toBe("'2024-02-30' is not a date in format %Y-%m-%d");
    expect(await msg('qty', 'type')).toBe("'2.5' is not an integer");
    expect(await msg('id', 'unique')).toBe("'3' occurs 2 times; id must be unique");
    expect(await msg('price', 'minimum')).toBe("'-1' is less than the minimum 0");
    expect(await msg('tag', 'enum')).toBe("'q' is not one of the allowed values: x, y");
    expect(await msg('tag', 'maxLength')).toBe(
      "'toolongvalue' has 12 characters, more than the maximum length 5",
    );
    expect(await msg('qty', 'required')).toBe('missing value, but qty is required');
  });

  it('pages and filters findings, summarises and exports them', async () => {
    const p = await findingsPage(conn, 't1', { rule: 'type', offset: 2, limit: 2 });
    expect(p.total).toBe(7);
    expect(p.findings.map((f) => `${f.line} ${f.column}`)).toEqual(['3 qty', '4 day']);
    const s = await findingsSummary(conn, 't1', { rows: 6, rejectedLines: 1 });
    expect(s.total).toBe(18);
    const dir = await mkdtemp(join(tmpdir(), 'sluice-findings-'));
    try {
      const n = await exportFindingsCsv(conn, 't1', join(dir, 'f.csv'), { column: 'qty' });
      expect(n).toBe(4);
      const csv = (await readFile(join(dir, 'f.csv'), 'utf8')).trim().split('\n');
      expect(csv[0]).toBe('line,column,rule,value,message');
      expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '4', '5', '7']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('checks composite primary keys and makes key fields required', async () => {
    await conn.run(`CREATE TABLE t2__source AS SELECT * FROM (VALUES
      (2, 'a', '1'), (3, 'a', '2'), (4, 'a', '1'), (5, 'b', '1'), (6, NULL, '1'), (7, 'b', '01')) t(__line, k1, k2)`);
    const schema = parseSchema({
      fields: [{ name: 'k1' }, { name: 'k2', type: 'integer' }],
      primaryKey: ['k1', 'k2'],
    });
    const r = await validateTable(conn, 't2', schema);
    expect(r.byColumn).toEqual({ k1: { required: 1 }, 'k1, k2': { primaryKey: 4 } });
    const page = await findingsPage(conn, 't2', { rule: 'primaryKey', offset: 0, limit: 10 });
    expect(page.findings.map((f) => [f.line, f.value])).toEqual([
      [2, 'a, 1'],
      [4, 'a, 1'],
      [5, 'b, 1'],
      [7, 'b, 01'],
    ]);
    expect(page.findings[0]?.message).toBe('primary key (k1, k2) = (a, 1) occurs 2 times');
  });

  it('finds duplicate integers beyond BIGINT and written differently, and never pairs a big one with a small one', async () => {
    // 2^63 = 9223372036854775808 does not fit BIGINT; its 20-digit twin with a leading zero is the same value.
    await conn.run(`CREATE TABLE t3__source AS SELECT * FROM (VALUES
      (2, '9223372036854775808', '1'), (3, '09223372036854775808', '2'), (4, '9223372036854775807', '3'),
      (5, '0000000000000000000000007', '4'), (6, '7', '5'), (7, '+7', '6'), (8, 'x', '7'), (9, 'x', '8'),
      (10, '', '9'), (11, '', '10'), (12, '-9223372036854775808', '11')) t(__line, n, m)`);
    const schema = parseSchema({
      fields: [
        { name: 'n', type: 'integer', constraints: { unique: true } },
        { name: 'm', type: 'integer' },
      ],
      primaryKey: ['m', 'n'],
    });
    await validateTable(conn, 't3', schema);
    const unique = await findingsPage(conn, 't3', { rule: 'unique', offset: 0, limit: 20 });
    expect(unique.findings.map((f) => `${f.line} ${f.message}`)).toEqual([
      "2 '9223372036854775808' occurs 2 times; n must be unique",
      "3 '09223372036854775808' occurs 2 times; n must be unique",
      "5 '0000000000000000000000007' occurs 3 times; n must be unique",
      "6 '7' occurs 3 times; n must be unique",
      "7 '+7' occurs 3 times; n must be unique",
    ]);
    const pk = await findingsPage(conn, 't3', { rule: 'primaryKey', offset: 0, limit: 20 });
    expect(pk.total).toBe(0);
  });

  it('validates columns named like the names the query gives its own values (line, k, f0, t0, dn0…)', async () => {
    await conn.run(`CREATE TABLE t4__source AS SELECT * FROM (VALUES
      (2, 'x', '1', '2', '3', 'a', 'b', 'c'), (3, 'y', '1', 'q', '3', 'a', 'b', 'c')) t(__line, line, k, f0, t0, dn0, s, d0)`);
    const names = ['line', 'k', 'f0', 't0', 'dn0', 's', 'd0'];
    const schema = parseSchema({
      fields: names.map((name) => ({
        name,
        type: name === 'f0' || name === 'k' ? 'integer' : 'string',
        ...(name === 'k' ? { constraints: { unique: true } } : {}),
      })),
      primaryKey: ['s'],
    });
    const r = await validateTable(conn, 't4', schema);
    expect(r.byColumn).toEqual({ f0: { type: 1 }, k: { unique: 2 }, s: { primaryKey: 2 } });
    const page = await findingsPage(conn, 't4', { offset: 0, limit: 20 });
    expect(page.findings.map((f) => `${f.line} ${f.column} ${f.rule} ${f.value}`)).toEqual([
      '2 k unique 1',
      '2 s primaryKey b',
      '3 f0 type q',
      '3 k unique 1',
      '3 s primaryKey b',
    ]);
  });

  it('refuses schema fields the table lacks and leaves earlier findings in place', async () => {
    const bad = parseSchema({ fields: [{ name: 'id' }, { name: 'prcie' }] });
    const e = await validateTable(conn, 't1', bad).catch((x: unknown) => x as AppError);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('SCHEMA_INVALID');
    expect((e as AppError).message).toBe("field 2 ('prcie') is not a column of the table");
    expect((e as AppError).details.hint).toMatch(/^Rename the field to one of the table's columns: id, qty/);
    expect((await findingsSummary(conn, 't1', { rows: 6, rejectedLines: 1 })).total).toBe(18);
  });

  it('reports a pattern RE2 cannot compile as a schema error naming the field', async () => {
    const schema = parseSchema({
      fields: [{ name: 'id' }, { name: 'code', constraints: { pattern: 'a{1001}' } }],
    });
    const e = await validateTable(conn, 't1', schema).catch((x: unknown) => x as AppError);
    expect((e as AppError).code).toBe('SCHEMA_INVALID');
    expect((e as AppError).message).toMatch(
      /^field 2 \('code'\): constraints.pattern 'a\{1001\}' is not a valid RE2/,
    );
    expect((e as AppError).details).toMatchObject({ field: 'code', key: 'constraints.pattern' });
  });

  it('honours missingValues and validates an empty schema to no findings', async () => {
    const schema = parseSchema({
      fields: [{ name: 'qty', type: 'integer' }],
      missingValues: [' 12', '2.5', '1e3'],
    });
    const r = await validateTable(conn, 't1', schema);
    expect(r.total).toBe(0);
    expect((await validateTable(conn, 't1', parseSchema({ fields: [] }))).total).toBe(0);
  });

  it('cancels: CANCELLED, no findings table swapped in', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const e = await validateTable(conn, 't1', SCHEMA, { signal: ctrl.signal }).catch(
      (x: unknown) => x as AppError,
    );
    expect((e as AppError).code).toBe('CANCELLED');
  });
});
