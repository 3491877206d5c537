// The `sluice` command as a user runs it (the built bin, a child process): output shapes, exit codes, errors.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { runSluice } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function sluice(...args: string[]) {
  return runSluice(args, { ...process.env, SLUICE_HOME: home });
}

const example = join(root, 'examples', 'orders', 'orders.csv');
const exampleSchema = join(root, 'examples', 'orders', 'orders.schema.json');

describe('sluice CLI', () => {
  it('prints help and refuses unknown commands with exit 2', () => {
    expect(sluice('--help')).toMatchObject({ code: 0 });
    for (const cmd of ['inspect', 'preview', 'validate', 'schema', 'example'])
      expect(sluice(cmd, '--help').code).toBe(0);
    const bad = sluice('frobnicate');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown command/);
  });

  it('inspect --json reports the dialect, counts and per-column profile', () => {
    const r = sluice('inspect', example, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ encoding: 'utf-8', delimiter: ',', header: true });
    expect(j.rows + j.rejectedLines).toBe(j.dataRecords);
    expect(j.rejectedLines).toBe(10); // 6 too-few + 4 too-many fields lines injected by the generator
    expect(j.columns.map((c: { name: string }) => c.name)).toContain('order_date');
    const qty = j.columns.find((c: { name: string }) => c.name === 'quantity');
    expect(qty).toMatchObject({ type: 'integer' });
  });

  it('preview --json prints columns and rows as strings', () => {
    const r = sluice('preview', example, '--rows', '3', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.columns[0]).toBe('order_id');
    expect(j.rows).toHaveLength(3);
    expect(j.rows[0][0]).toBe('1');
  });

  it('validate exits 1 with findings per column and rule, 0 on clean data', () => {
    const r = sluice(
      'validate',
      example,
      '--schema',
      exampleSchema,
      '--json',
      '--findings',
      join(home, 'f.csv'),
    );
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.findings.total).toBeGreaterThan(0);
    // An independent oracle: csv-parse over the same file, well-formed records only.
    const records = (
      parse(readFileSync(example), { relax_column_count: true, from_line: 2 }) as string[][]
    ).filter((r) => r.length === 10);
    const statuses = ['pending', 'shipped', 'delivered', 'cancelled'];
    const isDate = (s: string) =>
      /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
    expect(j.rows).toBe(records.length);
    expect(j.findings.byColumn.status.enum).toBe(
      records.filter((r) => !statuses.includes(r[5] as string)).length,
    );
    expect(j.findings.byColumn.order_date.type).toBe(records.filter((r) => !isDate(r[1] as string)).length);

    const clean = join(home, 'clean.csv');
    writeFileSync(clean, 'id,name\n1,a\n2,b\n');
    const schema = join(home, 'clean.schema.json');
    writeFileSync(
      schema,
      JSON.stringify({
        fields: [
          { name: 'id', type: 'integer' },
          { name: 'name', type: 'string' },
        ],
      }),
    );
    expect(sluice('validate', clean, '--schema', schema).code).toBe(0);
  });

  it('fails with exit 2 and one line naming the file for unreadable input or a bad schema', () => {
    const missing = sluice('inspect', join(home, 'nope.csv'));
    expect(missing.code).toBe(2);
    expect(missing.err.trim().split('\n')).toHaveLength(1);
    expect(missing.err).toMatch(/nope\.csv/);
    const badJson = join(home, 'bad.json');
    writeFileSync(badJson, '{ "fields": [ }');
    const r = sluice('validate', example, '--schema', badJson);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.json:1:/);
  });

  it('schema infer writes a Table Schema', () => {
    const out = join(home, 'inferred.json');
    expect(sluice('schema', 'infer', example, '--out', out).code).toBe(0);
  });
});
