import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyRecipe } from '../recipe/apply.js';
import { createSource, openTestDb, readTable, recipeOf, type TestDb } from '../recipe/test-helpers.js';
import { clusterColumn, clusterOp } from './cluster.js';
import { fingerprintSql, ngramSql } from './keys.js';

let t: TestDb;
const ID = 'cl';
const statuses = [
  ...Array<string>(5).fill('shipped'),
  'Shipped ',
  'Shipped ',
  'shiped',
  'SHIPPED',
  ...Array<string>(3).fill('pending'),
  'Pending.',
  'Crème brûlée',
  'creme  BRULEE',
  '',
  null,
];
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    ID,
    ['status'],
    statuses.map((s) => [s]),
  );
});
afterEach(() => t.close());

async function key(sql: (x: string) => string, v: string): Promise<string> {
  const r = await t.conn.runAndReadAll(`SELECT ${sql('x')} AS k FROM (SELECT $1::VARCHAR AS x)`, [v]);
  return String(r.getRowObjectsJS()[0]?.k);
}

describe('keys', () => {
  it('computes OpenRefine fingerprints', async () => {
    expect(await key(fingerprintSql, '  Tom  Cruise ')).toBe('cruise tom');
    expect(await key(fingerprintSql, 'Cruise, Tom')).toBe('cruise tom');
    expect(await key(fingerprintSql, 'Ünïcödé  café-bar')).toBe('cafebar unicode');
    expect(await key(fingerprintSql, 'a a b')).toBe('a b');
    expect(await key(fingerprintSql, '...')).toBe('');
  });

  it('computes n-gram fingerprints', async () => {
    expect(await key((x) => ngramSql(x, 2), 'shipped')).toBe('edhiippeppsh');
    expect(await key((x) => ngramSql(x, 1), 'shiped')).toBe('dehips');
    expect(await key((x) => ngramSql(x, 1), 'Shipped ')).toBe('dehips');
    expect(await key((x) => ngramSql(x, 3), 'ab')).toBe('ab');
  });
});

describe('clusterColumn', () => {
  it('fingerprint clusters case and space variants with counts, most frequent suggested', async () => {
    const clusters = await clusterColumn(t.conn, `${ID}__source`, 'STATUS');
    expect(clusters).toEqual([
      {
        key: 'shipped',
        values: [
          { value: 'shipped', count: 5 },
          { value: 'Shipped ', count: 2 },
          { value: 'SHIPPED', count: 1 },
        ],
        rows: 8,
        suggested: 'shipped',
      },
      {
        key: 'pending',
        values: [
          { value: 'pending', count: 3 },
          { value: 'Pending.', count: 1 },
        ],
        rows: 4,
        suggested: 'pending',
      },
      {
        key: 'brulee creme',
        values: [
          { value: 'Crème brûlée', count: 1 },
          { value: 'creme  BRULEE', count: 1 },
        ],
        rows: 2,
        suggested: 'Crème brûlée',
      },
    ]);
  });

  it('n-gram (n = 1) also catches the misspelling', async () => {
    const [first] = await clusterColumn(t.conn, `${ID}__source`, 'status', { method: 'ngram', n: 1 });
    expect(first?.values.map((v) => v.value)).toEqual(['shipped', 'Shipped ', 'SHIPPED', 'shiped']);
  });

  it('accepting clusters is a mapValues operation', async () => {
    const clusters = await clusterColumn(t.conn, `${ID}__source`, 'status', { method: 'ngram', n: 1 });
    const op = clusterOp(
      'status',
      clusters.slice(0, 1).map((c) => ({ values: c.values.map((v) => v.value), to: c.suggested })),
    );
    expect(op).toEqual({
      op: 'mapValues',
      columns: ['status'],
      mapping: [
        { from: 'Shipped ', to: 'shipped' },
        { from: 'SHIPPED', to: 'shipped' },
        { from: 'shiped', to: 'shipped' },
      ],
    });
    const run = await applyRecipe(t.conn, ID, recipeOf(op));
    expect(run.steps[0]?.rowsChanged).toBe(4);
    const rows = await readTable(t.conn, run.table);
    expect(rows.filter((r) => r[1] === 'shipped')).toHaveLength(9);
  });
});
