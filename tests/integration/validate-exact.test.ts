// The validator is exact: on 200k generated rows with defects injected at random (seeded) cells, the count of
// findings per column × rule equals the count injected, and clean data yields none.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type DuckDbHandle, type DuckDBConnection } from '../../core/adapters/duckdb.js';
import { AppError } from '../../core/contract/errors.js';
import type { RuleName } from '../../core/contract/validation.js';
import { parseSchema } from '../../core/schema/parse-schema.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { findingsSummary, validateTable } from '../../core/validate/index.js';

const ROWS = 200_000;

/** mulberry32: a small seeded PRNG, so every run injects the same defects. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SCHEMA = parseSchema({
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true, unique: true } },
    { name: 'order_no', type: 'integer' },
    { name: 'line_no', type: 'integer' },
    { name: 'qty', type: 'integer', constraints: { minimum: 1, maximum: 1000 } },
    { name: 'price', type: 'number', constraints: { minimum: 0 } },
    { name: 'day', type: 'date', constraints: { maximum: '2029-12-31' } },
    { name: 'code', constraints: { pattern: '[A-Z]{3}-[0-9]{4}' } },
    { name: 'status', constraints: { enum: ['new', 'paid', 'shipped', 'cancelled'] } },
    { name: 'email', format: 'email', constraints: { required: true } },
    { name: 'note', constraints: { maxLength: 20 } },
    { name: 'flag', type: 'boolean' },
  ],
  primaryKey: ['order_no', 'line_no'],
});

// Clean values by construction; i = 0..ROWS-1, line = i + 2.
const BASE = `SELECT i + 2 AS __line,
  (i + 1)::VARCHAR AS id,
  (i // 3)::VARCHAR AS order_no,
  (i % 3 + 1)::VARCHAR AS line_no,
  (1 + (i * 7) % 1000)::VARCHAR AS qty,
  ((i % 10000) / 100)::DECIMAL(10, 2)::VARCHAR AS price,
  (DATE '2020-01-01' + (i % 2000)::INT)::VARCHAR AS day,
  'ABC-' || lpad((i % 10000)::VARCHAR, 4, '0') AS code,
  ['new', 'paid', 'shipped', 'cancelled'][i % 4 + 1] AS status,
  'user' || i || '@example.com' AS email,
  repeat('é', i % 21) AS note,
  CASE WHEN i % 2 = 0 THEN 'true' ELSE '0' END AS flag
  FROM range(${ROWS}) r(i)`;

/** Bad values per (column, rule): each injection uses one of them. */
const BAD: Record<string, Partial<Record<RuleName, (string | null)[]>>> = {
  id: { required: [null, ''] },
  qty: {
    type: ['2.5', '1e3', ' 12', '12 ', 'abc', '+', '1,000'],
    minimum: ['0', '-5', '-0'],
    maximum: ['1001', '5000'],
  },
  price: { type: ['1,5', 'N/A', '$3', '1.2.3'], minimum: ['-0.01', '-1e2'] },
  day: {
    type: ['2024-02-30', '2023-02-29', '31/12/2024', '2024-13-01', 'yesterday', '2024-1-5'],
    maximum: ['2030-01-01'],
  },
  code: { pattern: ['abc-1234', 'ABC1234', 'ABCD-1234', 'AB-12345'] },
  status: { enum: ['refunded', 'PAID', 'paid ', 'New'] },
  email: { required: [null, ''], type: ['no-at-sign', 'a@b', 'a b@c.de'] },
  note: { maxLength: ['ééééééééééééééééééééé', '😀'.repeat(21), 'x'.repeat(100)] },
  flag: { type: ['yes', 'Y', 'tru', 'FALSE '] },
};

interface Injection {
  line: number;
  column: string;
  value: string | null;
}

/** Injected cells and the findings they must produce, per column × rule. */
function inject(): {
  cells: Injection[];
  expected: Record<string, Partial<Record<RuleName, number>>>;
  lines: Set<number>;
} {
  const rand = prng(20240229);
  const cells: Injection[] = [];
  const expected: Record<string, Partial<Record<RuleName, number>>> = {};
  const lines = new Set<number>();
  const add = (column: string, rule: RuleName, n: number) => {
    const byRule = (expected[column] ??= {});
    byRule[rule] = (byRule[rule] ?? 0) + n;
  };
  // Rows drawn without replacement per column, so no cell gets two defects.
  const pools = new Map<string, Set<number>>();
  const draw = (column: string): number => {
    const used = pools.get(column) ?? pools.set(column, new Set()).get(column)!;
    for (;;) {
      const i = Math.floor(rand() * ROWS);
      if (!used.has(i)) {
        used.add(i);
        return i;
      }
    }
  };
  for (const [column, rules] of Object.entries(BAD)) {
    for (const [rule, values] of Object.entries(rules) as [RuleName, (string | null)[]][]) {
      const n = 200 + Math.floor(rand() * 800);
      for (let k = 0; k < n; k++) {
        const i = draw(column);
        cells.push({ line: i + 2, column, value: values[k % values.length] ?? null });
        lines.add(i + 2);
      }
      add(column, rule, n);
    }
  }
  // Duplicates: row b takes row a's id (unique) or a's (order_no, line_no) (primaryKey); both rows are findings.
  const pairs = (column: string, n: number, copy: (a: number, b: number) => void) => {
    for (let k = 0; k < n; k++) {
      const [a, b] = [draw(column), draw(column)];
      copy(a, b);
      lines.add(a + 2).add(b + 2);
    }
  };
  const idPairs = 357;
  pairs('id', idPairs, (a, b) => cells.push({ line: b + 2, column: 'id', value: String(a + 1) }));
  add('id', 'unique', 2 * idPairs);
  const keyPairs = 411;
  pairs('order_no', keyPairs, (a, b) => {
    cells.push({ line: b + 2, column: 'order_no', value: String(Math.floor(a / 3)) });
    cells.push({ line: b + 2, column: 'line_no', value: String((a % 3) + 1) });
  });
  add('order_no, line_no', 'primaryKey', 2 * keyPairs);
  return { cells, expected, lines };
}

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

describe('validator exactness', () => {
  it('finds nothing in clean data', async () => {
    await conn.run(`CREATE TABLE clean__source AS ${BASE}`);
    const r = await validateTable(conn, 'clean', SCHEMA);
    expect(r.rows).toBe(ROWS);
    expect(r.byColumn).toEqual({});
  });

  it('counts exactly the injected defects per column and rule', async () => {
    const { cells, expected, lines } = inject();
    await conn.run(`CREATE TABLE dirty__source AS ${BASE}`);
    await conn.run('CREATE TEMP TABLE inj (line BIGINT, col VARCHAR, value VARCHAR)');
    for (let k = 0; k < cells.length; k += 2000) {
      const chunk = cells.slice(k, k + 2000);
      const rows = chunk.map(
        (c) => `(${c.line}, ${quoteLiteral(c.column)}, ${c.value === null ? 'NULL' : quoteLiteral(c.value)})`,
      );
      await conn.run(`INSERT INTO inj VALUES ${rows.join(', ')}`);
    }
    for (const column of new Set(cells.map((c) => c.column))) {
      await conn.run(`UPDATE dirty__source s SET "${column}" = inj.value FROM inj
        WHERE inj.line = s.__line AND inj.col = ${quoteLiteral(column)}`);
    }
    const r = await validateTable(conn, 'dirty', SCHEMA);
    expect(r.byColumn).toEqual(expected);
    expect(r.total).toBe(
      Object.values(expected)
        .flatMap((x) => Object.values(x))
        .reduce((a, b) => a + b, 0),
    );
    expect(r.rowsWithFindings).toBe(lines.size);
  });

  it('cancels a running validation and keeps the previous findings', async () => {
    const before = await findingsSummary(conn, 'dirty', { rows: ROWS, rejectedLines: 0 });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 5);
    const e = await validateTable(conn, 'dirty', SCHEMA, { signal: ctrl.signal }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('CANCELLED');
    expect(await findingsSummary(conn, 'dirty', { rows: ROWS, rejectedLines: 0 })).toEqual(before);
  });
});
