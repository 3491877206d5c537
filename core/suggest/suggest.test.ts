import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TableSchema } from '../contract/schema.js';
import { createSource, openTestDb, type TestDb } from '../recipe/test-helpers.js';
import { validateTable } from '../validate/validate-table.js';
import { suggestForGroup } from './suggest.js';

let t: TestDb;
const schema: TableSchema = {
  fields: [
    { name: 'ok', type: 'boolean' },
    { name: 'code', type: 'string', constraints: { pattern: '[A-Z]{3}' } },
    { name: 'qty', type: 'integer' },
  ],
};
beforeEach(async () => {
  t = await openTestDb();
  await createSource(
    t.conn,
    'sq',
    ['ok', 'code', 'qty'],
    [
      ['yes', 'abc', '1'],
      ['No', 'ABC', 'N/A'],
      ['true', 'ab c', '-'],
      [' Y ', 'xyz', '3'],
      ['maybe', 'ABCD', ''],
    ],
  );
  await validateTable(t.conn, 'sq', schema);
});
afterEach(() => t.close());

describe('suggestForGroup', () => {
  it('maps yes/no words to the boolean values', async () => {
    const [best] = await suggestForGroup(t.conn, 'sq', 'ok', 'type', { schema });
    expect(best).toMatchObject({
      op: {
        op: 'mapValues',
        columns: ['ok'],
        mapping: [
          { from: ' Y ', to: 'true' },
          { from: 'No', to: 'false' },
          { from: 'yes', to: 'true' },
        ],
      },
      findingsFixed: 3,
      findingsTotal: 4,
    });
  });

  it('treats missing-value tokens as missing', async () => {
    const [best] = await suggestForGroup(t.conn, 'sq', 'qty', 'type', { schema });
    expect(best).toMatchObject({
      op: { op: 'nullTokens', columns: ['qty'], tokens: ['-', 'N/A'] },
      findingsFixed: 2,
      findingsTotal: 2,
    });
    expect(best?.title).toBe("treat '-', 'N/A' as missing in qty (2 values) — fixes 2 of 2 findings");
  });

  it('offers only operations that fix something', async () => {
    const [best] = await suggestForGroup(t.conn, 'sq', 'code', 'pattern', { schema });
    // upper-case fixes abc and xyz; 'ab c' and 'ABCD' stay wrong; no other row changes, so it is not scoped.
    expect(best).toMatchObject({
      op: { op: 'changeCase', case: 'upper', columns: ['code'] },
      findingsFixed: 2,
      findingsTotal: 4,
      otherValuesChanged: 0,
    });
    const ok = await suggestForGroup(t.conn, 'sq', 'ok', 'type', { schema });
    // Trimming ' Y ' gives 'Y', still not a boolean value: trim fixes nothing and is not offered.
    expect(ok.map((s) => s.op.op)).toEqual(['mapValues', 'dropRowsWithFindings']);
  });
});

describe('scoped suggestions', () => {
  it('scopes an operation to the findings when it would change other rows too', async () => {
    const db = await openTestDb();
    try {
      const s: TableSchema = { fields: [{ name: 'n', type: 'string', constraints: { maxLength: 3 } }] };
      await createSource(db.conn, 'sc', ['n'], [[' ab  '], ['  x'], ['abcd']]);
      await validateTable(db.conn, 'sc', s);
      const [best] = await suggestForGroup(db.conn, 'sc', 'n', 'maxLength', { schema: s });
      expect(best).toMatchObject({
        op: { op: 'trim', columns: ['n'], where: { kind: 'finding', column: 'n', rule: 'maxLength' } },
        valuesChanged: 1,
        findingsFixed: 1,
        findingsTotal: 2,
        otherValuesChanged: 0,
        title: 'trim 1 values of n (only rows with these findings) — fixes 1 of 2 findings',
      });
    } finally {
      db.close();
    }
  });
});
