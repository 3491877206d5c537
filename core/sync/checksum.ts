// An order-independent checksum of a table's contents: equal checksums mean equal multisets of rows. Used to
// prove that a rollback restored a table exactly, and by tests and benchmarks to compare loads.

import type { PgClient } from '../adapters/postgres.js';
import { qualify } from './identifiers.js';

/** Row count and an order-independent md5 over the rows' text forms. */
export async function tableChecksum(
  c: PgClient,
  dbSchema: string,
  table: string,
): Promise<{ rows: number; checksum: string }> {
  const q = qualify(dbSchema, table);
  const r = await c.query(
    `SELECT count(*) AS n, md5(COALESCE(string_agg(h, '' ORDER BY h), '')) AS sum
       FROM (SELECT md5(t::text) AS h FROM ${q} t) x`,
  );
  const row = r.rows[0] as { n: string; sum: string };
  return { rows: Number(row.n), checksum: row.sum };
}
