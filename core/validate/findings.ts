// Reading the findings table: counts per column × rule, pages ordered by line, CSV export. Before the first
// validation there is no table, which reads as no findings.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { Finding, FindingsPage, FindingsSummary, RuleName } from '../contract/validation.js';
import { quoteLiteral } from '../sql/quote.js';
import { datasetTables } from '../workspace/tables.js';
import { tableExists } from './table-info.js';

/** Which findings to read. */
export interface FindingsFilter {
  column?: string;
  rule?: RuleName;
}

function where(filter: FindingsFilter): { sql: string; params: string[] } {
  const conds: string[] = [];
  const params: string[] = [];
  if (filter.column !== undefined) {
    params.push(filter.column);
    conds.push(`"column" = $${params.length}`);
  }
  if (filter.rule !== undefined) {
    params.push(filter.rule);
    conds.push(`rule = $${params.length}`);
  }
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

/** Counts of the stored findings per column and rule; `counts` are the dataset's row and reject counts. */
export async function findingsSummary(
  conn: DuckDBConnection,
  datasetId: string,
  counts: { rows: number; rejectedLines: number },
): Promise<FindingsSummary> {
  const out: FindingsSummary = { ...counts, total: 0, rowsWithFindings: 0, byColumn: {} };
  if (!(await tableExists(conn, `${datasetId}__findings`))) return out;
  const t = datasetTables(datasetId).findings;
  const groups = await conn.runAndReadAll(
    `SELECT "column", rule, count(*) FROM ${t} GROUP BY ALL ORDER BY ALL`,
  );
  for (const [column, rule, n] of groups.getRows()) {
    const byRule = (out.byColumn[String(column)] ??= {});
    byRule[String(rule) as RuleName] = Number(n);
    out.total += Number(n);
  }
  const lines = await conn.runAndReadAll(`SELECT count(DISTINCT line) FROM ${t}`);
  out.rowsWithFindings = Number(lines.getRows()[0]?.[0] ?? 0);
  return out;
}

/** A page of findings ordered by line, then column and rule; optionally one column and/or rule. */
export async function findingsPage(
  conn: DuckDBConnection,
  datasetId: string,
  req: FindingsFilter & { offset: number; limit: number },
): Promise<FindingsPage> {
  const offset = Math.max(0, Math.floor(req.offset));
  const limit = Math.max(0, Math.floor(req.limit));
  if (!(await tableExists(conn, `${datasetId}__findings`))) return { findings: [], offset, total: 0 };
  const t = datasetTables(datasetId).findings;
  const w = where(req);
  const total = await conn.runAndReadAll(`SELECT count(*) FROM ${t} ${w.sql}`, w.params);
  const rows = await conn.runAndReadAll(
    `SELECT line, "column", rule, value, message FROM ${t} ${w.sql}
     ORDER BY line, "column", rule LIMIT ${limit} OFFSET ${offset}`,
    w.params,
  );
  const findings: Finding[] = rows.getRows().map(([line, column, rule, value, message]) => ({
    line: Number(line),
    column: String(column),
    rule: String(rule) as RuleName,
    value: value === null ? null : String(value),
    message: String(message),
  }));
  return { findings, offset, total: Number(total.getRows()[0]?.[0] ?? 0) };
}

/** Writes the findings (optionally filtered) to a CSV file with a header, ordered by line; returns the row count. */
export async function exportFindingsCsv(
  conn: DuckDBConnection,
  datasetId: string,
  path: string,
  filter: FindingsFilter = {},
): Promise<number> {
  const exists = await tableExists(conn, `${datasetId}__findings`);
  const t = datasetTables(datasetId).findings;
  const empty = `SELECT NULL::BIGINT AS line, NULL::VARCHAR AS "column", NULL::VARCHAR AS rule,
    NULL::VARCHAR AS value, NULL::VARCHAR AS message WHERE FALSE`;
  const w = where(filter);
  // COPY takes no parameters: the filter values are quoted literals here.
  const cond = w.sql.replace(/\$(\d+)/g, (_, i: string) => quoteLiteral(w.params[Number(i) - 1] ?? ''));
  const query = exists
    ? `SELECT line, "column", rule, value, message FROM ${t} ${cond} ORDER BY line, "column", rule`
    : empty;
  const r = await conn.runAndReadAll(`COPY (${query}) TO ${quoteLiteral(path)} (FORMAT csv, HEADER true)`);
  return Number(r.getRows()[0]?.[0] ?? 0);
}
