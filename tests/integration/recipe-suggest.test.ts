// Suggestions on generated dirty data, with the real validator: each suggestion's counts are exact, and
// applying it and validating again leaves exactly findingsTotal − findingsFixed findings of its group.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Suggestion } from '../../core/contract/recipe.js';
import type { TableSchema } from '../../core/contract/schema.js';
import { applyRecipe } from '../../core/recipe/apply.js';
import { createSource, openTestDb, recipeOf, type TestDb } from '../../core/recipe/test-helpers.js';
import { suggestFixes } from '../../core/suggest/suggest.js';
import { validateTable } from '../../core/validate/validate-table.js';

const pad = (n: number) => String(n).padStart(2, '0');
const rep = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/** A deterministic shuffle (the data must not be sorted by category). */
function shuffle<T>(xs: T[], seed: number): T[] {
  let s = seed;
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const N = 2200;
const dates = shuffle(
  [
    ...rep(1000, (i) => `2023-${pad((i % 12) + 1)}-${pad((i % 28) + 1)}`),
    ...rep(600, (i) => `${pad(13 + (i % 16))}/${pad((i % 12) + 1)}/2024`),
    ...rep(300, (i) => `${pad((i % 12) + 1)}/${pad(((i + 5) % 12) + 1)}/2022`),
    ...rep(200, (i) => `2021.${pad((i % 12) + 1)}.${pad((i % 27) + 1)}`),
    ...rep(50, (i) => ` 2020-01-${pad((i % 28) + 1)} `),
    ...rep(30, () => 'soon'),
    ...rep(20, () => '31/02/2024'),
  ],
  1,
);
const amounts = shuffle(
  [
    ...rep(1730, (i) => `${i}.5`),
    ...rep(300, (i) => `${1 + (i % 9)}.${String(100 + i).padStart(3, '0')},50`),
    ...rep(100, (i) => `${i},5`),
    ...rep(50, () => '€ 7,00'),
    ...rep(20, () => 'abc'),
  ],
  2,
);
const statuses = shuffle(
  [
    ...rep(2000, (i) => ['shipped', 'pending', 'cancelled'][i % 3] as string),
    ...rep(100, () => 'Shipped'),
    ...rep(50, () => 'shiped'),
    ...rep(30, () => ' pending'),
    ...rep(20, () => 'lost'),
  ],
  3,
);
const ids = rep(N, (i) => String(i < 20 ? Math.floor(i / 2) + 1 : i + 1000));

const schema: TableSchema = {
  fields: [
    { name: 'id', type: 'integer', constraints: { unique: true } },
    { name: 'order_date', type: 'date' },
    { name: 'amount', type: 'number' },
    { name: 'status', type: 'string', constraints: { enum: ['shipped', 'pending', 'cancelled'] } },
  ],
};

let t: TestDb;
let suggestions: Suggestion[];
beforeAll(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    'sg',
    ['id', 'order_date', 'amount', 'status'],
    rep(N, (i) => [ids[i] ?? null, dates[i] ?? null, amounts[i] ?? null, statuses[i] ?? null]),
  );
  await validateTable(t.conn, 'sg', schema);
  suggestions = await suggestFixes(t.conn, 'sg', { schema });
});
afterAll(() => t.close());

const of = (column: string, rule: string) =>
  suggestions.filter((s) => s.column === column && s.rule === rule);

/** Applies the suggestion, validates the result as a new dataset, and counts the group's findings left. */
async function remainingAfter(s: Suggestion): Promise<number> {
  const run = await applyRecipe(t.conn, 'sg', recipeOf(s.op));
  await t.conn.run(`CREATE OR REPLACE TABLE chk__source AS SELECT * FROM "${run.table}"`);
  await validateTable(t.conn, 'chk', schema);
  const r = await t.conn.runAndReadAll(
    `SELECT count(*) AS n FROM chk__findings WHERE "column" = $1 AND rule = $2`,
    [s.column, s.rule],
  );
  return Number(r.getRowObjectsJS()[0]?.n);
}

describe('suggestions on generated data', () => {
  it('dates: several formats picked greedily, counts exact', async () => {
    const [best, ...rest] = of('order_date', 'type');
    expect(best).toMatchObject({
      op: { op: 'parseDate', columns: ['order_date'], formats: ['%d/%m/%Y', '%Y.%m.%d', '%Y-%m-%d'] },
      valuesChanged: 1150,
      findingsFixed: 1150,
      findingsTotal: 1200,
      otherValuesChanged: 0,
      title:
        'parse 1,150 values of order_date with format %d/%m/%Y, then %Y.%m.%d, then %Y-%m-%d — fixes 1,150 of 1,200 findings',
    });
    expect(rest.map((s) => [s.op.op, s.findingsFixed])).toEqual([
      ['trim', 50],
      ['dropRowsWithFindings', 1200],
    ]);
    expect(await remainingAfter(best as Suggestion)).toBe(50);
  });

  it('numbers: the European locale fixes grouped, decimal-comma and currency values', async () => {
    const [best] = of('amount', 'type');
    expect(best).toMatchObject({
      op: { op: 'parseNumber', columns: ['amount'], decimal: ',', group: '.' },
      valuesChanged: 450,
      findingsFixed: 450,
      findingsTotal: 470,
      otherValuesChanged: 0,
    });
    expect(await remainingAfter(best as Suggestion)).toBe(20);
  });

  it('enum: look-alikes map to allowed values; case and trim are alternatives', async () => {
    const [best, ...rest] = of('status', 'enum');
    expect(best?.op).toEqual({
      op: 'mapValues',
      columns: ['status'],
      mapping: [
        { from: ' pending', to: 'pending' },
        { from: 'Shipped', to: 'shipped' },
        { from: 'shiped', to: 'shipped' },
      ],
    });
    expect(best).toMatchObject({
      valuesChanged: 180,
      findingsFixed: 180,
      findingsTotal: 200,
      otherValuesChanged: 0,
    });
    expect(rest.map((s) => [s.op.op, s.findingsFixed])).toEqual([
      ['changeCase', 100],
      ['trim', 30],
      ['dropRowsWithFindings', 200],
    ]);
    expect(await remainingAfter(best as Suggestion)).toBe(20);
  });

  it('unique: dedupe keeps the first of each clashing id', async () => {
    const [best] = of('id', 'unique');
    expect(best).toMatchObject({
      op: { op: 'dedupe', keys: ['id'], keep: 'first' },
      valuesChanged: 10,
      findingsFixed: 20,
      findingsTotal: 20,
      otherValuesChanged: 0,
    });
    expect(await remainingAfter(best as Suggestion)).toBe(0);
  });
});
