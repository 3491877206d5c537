import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TableSchema } from '../contract/schema.js';
import { createSource, openTestDb, type TestDb } from '../recipe/test-helpers.js';
import { validateTable } from '../validate/validate-table.js';
import {
  adoptFindings,
  FINDINGS_CACHE_SIZE,
  findingsKey,
  parkFindings,
  restoreFindings,
} from './current-table-findings.js';

let t: TestDb;
const schema: TableSchema = { fields: [{ name: 'n', type: 'integer' }] };
const cur = { table: 'fc__source', readerId: 'fc' };
const findings = async () =>
  (await t.conn.runAndReadAll('SELECT line, value FROM fc__findings ORDER BY line')).getRowsJS();
const tables = async () =>
  (
    await t.conn.runAndReadAll(
      "SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'fc\\_\\_findings%' ESCAPE '\\' ORDER BY 1",
    )
  )
    .getRowsJS()
    .map((r) => String(r[0]));

beforeEach(async () => {
  t = await openTestDb();
  await createSource(t.conn, 'fc', ['n'], [['1'], ['x'], ['ü'], [null], ['']]);
});
afterEach(() => t.close());

describe('findings kept per stage', () => {
  it('keys by data identity and schema', async () => {
    const k = await findingsKey(t.conn, cur, 'import:a', schema);
    expect(await findingsKey(t.conn, cur, 'import:a', schema)).toBe(k);
    expect(await findingsKey(t.conn, cur, 'import:b', schema)).not.toBe(k);
    const other: TableSchema = { fields: [{ name: 'n', type: 'number' }] };
    expect(await findingsKey(t.conn, cur, 'import:a', other)).not.toBe(k);
    expect(await findingsKey(t.conn, { ...cur, table: 'fc__stage_1_x' }, 'import:a', schema)).not.toBe(k);
  });

  it('parks the live findings and brings them back exactly, by renaming', async () => {
    await validateTable(t.conn, 'fc', schema);
    const a = await findings();
    expect(a.length).toBe(2); // 'x' and 'ü' are not integers; NULL and '' are missing, not wrong
    expect(await restoreFindings(t.conn, 'fc', 'ka')).toBe(false); // never recorded
    await adoptFindings(t.conn, 'fc', 'ka');
    expect(await restoreFindings(t.conn, 'fc', 'ka')).toBe(true); // already live
    await parkFindings(t.conn, 'fc');
    expect(await tables()).toEqual(['fc__findings_ka']);
    // Another stage's findings become live…
    await validateTable(t.conn, 'fc', {
      fields: [{ name: 'n', type: 'string', constraints: { maxLength: 0 } }],
    });
    await adoptFindings(t.conn, 'fc', 'kb');
    const b = await findings();
    expect(b).not.toEqual(a);
    // …and switching back and forth swaps them without validating.
    expect(await restoreFindings(t.conn, 'fc', 'ka')).toBe(true);
    expect(await findings()).toEqual(a);
    expect(await tables()).toEqual(['fc__findings', 'fc__findings_kb']);
    expect(await restoreFindings(t.conn, 'fc', 'kb')).toBe(true);
    expect(await findings()).toEqual(b);
  });

  it('a new validation of the same key replaces the parked copy', async () => {
    await validateTable(t.conn, 'fc', schema);
    await adoptFindings(t.conn, 'fc', 'ka');
    await parkFindings(t.conn, 'fc');
    await validateTable(t.conn, 'fc', schema);
    await adoptFindings(t.conn, 'fc', 'ka');
    expect(await tables()).toEqual(['fc__findings']);
  });

  it('keeps the most recently parked findings only', async () => {
    for (let i = 0; i <= FINDINGS_CACHE_SIZE + 1; i++) {
      await validateTable(t.conn, 'fc', schema);
      await adoptFindings(t.conn, 'fc', `k${i}`);
      await parkFindings(t.conn, 'fc');
      await new Promise((r) => setTimeout(r, 2)); // distinct used_at
    }
    expect(await restoreFindings(t.conn, 'fc', 'k0')).toBe(false);
    expect(await restoreFindings(t.conn, 'fc', `k${FINDINGS_CACHE_SIZE + 1}`)).toBe(true);
    expect((await tables()).length).toBe(FINDINGS_CACHE_SIZE); // live + the parked ones left
  });
});
