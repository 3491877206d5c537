// Bench child: the baseline — bare DuckDB doing the same job by hand: CREATE TABLE AS read_csv (rejects kept,
// as Sluice does) plus one hand-written query counting the orders schema's findings. Two baselines:
// - `exact` (the one the target is judged on): the file loaded as text and every rule checked as Table Schema
//   states it, so its count equals Sluice's findings total (the suite checks that). DuckDB's casts are lenient
//   (TRY_CAST reads '2.5' as the BIGINT 3 and ' 7' as 7), so types are checked by a strict regex before the cast,
//   as anyone who wants the right count must; every row of a duplicated key counts, as in Sluice.
// - `lenient`: the first baseline, kept for comparison with earlier reports: columns typed by DuckDB's sniffer,
//   failures counted with TRY_CAST, duplicates counted once per extra row. Its count is lower (it accepts
//   values the schema rejects).
// The clock starts before the database is opened, as Sluice's starts before it opens its workspace.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb, withConnection } from '../../core/adapters/duckdb.js';
import { maxRssMb } from './measure.js';

const [file, mode = 'exact'] = process.argv.slice(2) as [string, string?];
if (mode !== 'exact' && mode !== 'lenient') throw new Error(`child-bare: unknown mode ${mode}`);
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

const INTEGER = `'[+-]?[0-9]+'`;
const NUMBER = `'[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?|[+-]?[Ii][Nn][Ff]|[Nn][Aa][Nn]'`;
const EMAIL = `'[^@ \\t\\r\\n]+@[^@ \\t\\r\\n]+\\.[^@ \\t\\r\\n]+'`;
const COUNTRIES = `'DE','FR','ES','IT','GB','US','NL','PL','JP','SE'`;
const STATUSES = `'pending','shipped','delivered','cancelled'`;
const missing = (c: string) => `coalesce(${c}, '') = ''`;

// Each line is one rule of examples/orders/orders.schema.json (missingValues [""]): a missing required value is
// one `required` finding and nothing else; other checks apply to present values of the right type.
const EXACT = `SELECT
  (SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM t WHERE regexp_full_match(order_id, ${INTEGER})
    GROUP BY CAST(order_id AS HUGEINT) HAVING count(*) > 1)) +
  count(*) FILTER (WHERE ${missing('order_id')} OR NOT regexp_full_match(order_id, ${INTEGER})) +
  count(*) FILTER (WHERE ${missing('order_date')} OR NOT regexp_full_match(order_date, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
    OR TRY_CAST(order_date AS DATE) IS NULL) +
  count(*) FILTER (WHERE ${missing('customer_email')} OR NOT regexp_full_match(customer_email, ${EMAIL})) +
  count(*) FILTER (WHERE ${missing('customer_name')}) +
  count(*) FILTER (WHERE customer_name <> '' AND length(customer_name) > 100) +
  count(*) FILTER (WHERE customer_name <> '' AND NOT regexp_full_match(customer_name, '\\S(.*\\S)?')) +
  count(*) FILTER (WHERE ${missing('country')} OR country NOT IN (${COUNTRIES})) +
  count(*) FILTER (WHERE ${missing('status')} OR status NOT IN (${STATUSES})) +
  count(*) FILTER (WHERE ${missing('quantity')} OR NOT regexp_full_match(quantity, ${INTEGER})
    OR TRY_CAST(quantity AS HUGEINT) < 1) +
  count(*) FILTER (WHERE ${missing('unit_price')} OR NOT regexp_full_match(unit_price, ${NUMBER})
    OR TRY_CAST(unit_price AS DOUBLE) < 0) +
  count(*) FILTER (WHERE discount <> '' AND (NOT regexp_full_match(discount, ${NUMBER})
    OR TRY_CAST(discount AS DOUBLE) NOT BETWEEN 0 AND 1)) +
  count(*) FILTER (WHERE length(notes) > 500) AS findings
FROM t`;

const LENIENT = `SELECT
  count(*) FILTER (WHERE order_id IS NULL OR TRY_CAST(order_id AS BIGINT) IS NULL) +
  (count(order_id) - count(DISTINCT order_id)) +
  count(*) FILTER (WHERE TRY_CAST(order_date AS DATE) IS NULL) +
  count(*) FILTER (WHERE customer_email IS NULL OR NOT regexp_full_match(customer_email::VARCHAR, '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')) +
  count(*) FILTER (WHERE customer_name IS NULL OR NOT regexp_full_match(customer_name::VARCHAR, '\\S(.*\\S)?') OR length(customer_name) > 100) +
  count(*) FILTER (WHERE country IS NULL OR country NOT IN (${COUNTRIES})) +
  count(*) FILTER (WHERE status IS NULL OR status NOT IN (${STATUSES})) +
  count(*) FILTER (WHERE TRY_CAST(quantity AS BIGINT) IS NULL OR TRY_CAST(quantity AS BIGINT) < 1) +
  count(*) FILTER (WHERE TRY_CAST(unit_price AS DOUBLE) IS NULL OR TRY_CAST(unit_price AS DOUBLE) < 0) +
  count(*) FILTER (WHERE discount IS NOT NULL AND (TRY_CAST(discount AS DOUBLE) IS NULL OR TRY_CAST(discount AS DOUBLE) NOT BETWEEN 0 AND 1)) +
  count(*) FILTER (WHERE length(notes) > 500) AS findings
FROM t`;

const load =
  mode === 'exact'
    ? `CREATE TABLE t AS SELECT * FROM read_csv(${lit(file)}, all_varchar = true, store_rejects = true)`
    : `CREATE TABLE t AS SELECT * FROM read_csv(${lit(file)}, store_rejects = true)`;

const dir = mkdtempSync(join(tmpdir(), 'sluice-bare-'));
const t0 = performance.now();
const db = await openDuckDb(join(dir, 'bare.duckdb'));
try {
  const out = await withConnection(db, async (c) => {
    await c.run(load);
    const tImport = performance.now();
    const r = (await c.runAndReadAll(mode === 'exact' ? EXACT : LENIENT)).getRowObjectsJS()[0];
    const tValidate = performance.now();
    const rows = (await c.runAndReadAll('SELECT count(*) AS n FROM t')).getRowObjectsJS()[0];
    return {
      mode,
      rows: Number(rows?.n),
      findings: Number(r?.findings),
      importMs: tImport - t0,
      validateMs: tValidate - tImport,
      totalMs: tValidate - t0,
    };
  });
  console.log(JSON.stringify({ ...out, maxRssMb: maxRssMb() }));
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
