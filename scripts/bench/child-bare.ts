// Bench child: the baseline — bare DuckDB doing the same job by hand: CREATE TABLE AS read_csv (rejects kept,
// as Sluice does) plus one hand-written query checking the orders schema's rules.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb, withConnection } from '../../core/adapters/duckdb.js';
import { maxRssMb } from './measure.js';

const [file] = process.argv.slice(2) as [string];
const dir = mkdtempSync(join(tmpdir(), 'sluice-bare-'));
const db = await openDuckDb(join(dir, 'bare.duckdb'));
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const CHECK = `SELECT
  count(*) FILTER (WHERE order_id IS NULL OR TRY_CAST(order_id AS BIGINT) IS NULL) +
  (count(order_id) - count(DISTINCT order_id)) +
  count(*) FILTER (WHERE TRY_CAST(order_date AS DATE) IS NULL) +
  count(*) FILTER (WHERE customer_email IS NULL OR NOT regexp_full_match(customer_email::VARCHAR, '[^@\\s]+@[^@\\s]+\\.[^@\\s]+')) +
  count(*) FILTER (WHERE customer_name IS NULL OR NOT regexp_full_match(customer_name::VARCHAR, '\\S(.*\\S)?') OR length(customer_name) > 100) +
  count(*) FILTER (WHERE country IS NULL OR country NOT IN ('DE','FR','ES','IT','GB','US','NL','PL','JP','SE')) +
  count(*) FILTER (WHERE status IS NULL OR status NOT IN ('pending','shipped','delivered','cancelled')) +
  count(*) FILTER (WHERE TRY_CAST(quantity AS BIGINT) IS NULL OR TRY_CAST(quantity AS BIGINT) < 1) +
  count(*) FILTER (WHERE TRY_CAST(unit_price AS DOUBLE) IS NULL OR TRY_CAST(unit_price AS DOUBLE) < 0) +
  count(*) FILTER (WHERE discount IS NOT NULL AND (TRY_CAST(discount AS DOUBLE) IS NULL OR TRY_CAST(discount AS DOUBLE) NOT BETWEEN 0 AND 1)) +
  count(*) FILTER (WHERE length(notes) > 500) AS findings
FROM t`;
try {
  const out = await withConnection(db, async (c) => {
    const t0 = performance.now();
    await c.run(`CREATE TABLE t AS SELECT * FROM read_csv(${lit(file)}, store_rejects = true)`);
    const tImport = performance.now();
    const r = (await c.runAndReadAll(CHECK)).getRowObjectsJS()[0];
    const tValidate = performance.now();
    const rows = (await c.runAndReadAll('SELECT count(*) AS n FROM t')).getRowObjectsJS()[0];
    return {
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
