// Windows of an imported dataset for the grid and the rejects view, ordered by source line.

import type { DuckDBConnection } from '@duckdb/node-api';
import type { RejectReason, RejectsPage, RowsPage } from '../contract/datasets.js';
import { AppError } from '../contract/errors.js';
import { LINE_COLUMN, datasetTables } from '../workspace/tables.js';

function checkWindow(offset: number, limit: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 0) {
    throw new AppError('BAD_USAGE', `Invalid page window offset=${offset} limit=${limit}.`, {
      hint: 'Use non-negative whole numbers.',
    });
  }
}

/** Rows [offset, offset+limit) of `<id>__source` by line, with the total row count. */
export async function readRows(
  conn: DuckDBConnection,
  datasetId: string,
  offset: number,
  limit: number,
): Promise<RowsPage> {
  checkWindow(offset, limit);
  const { source } = datasetTables(datasetId);
  const total = await conn.runAndReadAll(`SELECT count(*) FROM ${source}`);
  const page = await conn.runAndReadAll(
    `SELECT * FROM ${source} ORDER BY ${LINE_COLUMN} LIMIT ${limit} OFFSET ${offset}`,
  );
  const names = page.columnNames();
  const lineAt = names.indexOf(LINE_COLUMN);
  const rows = page.getRows();
  return {
    columns: names.filter((_, i) => i !== lineAt),
    lines: rows.map((r) => Number(r[lineAt])),
    rows: rows.map((r) => r.filter((_, i) => i !== lineAt).map((v) => (v === null ? null : String(v)))),
    offset,
    total: Number(total.getRows()[0]?.[0] ?? 0),
  };
}

/** Rejected lines [offset, offset+limit) of `<id>__rejects` by line, with the total. */
export async function readRejects(
  conn: DuckDBConnection,
  datasetId: string,
  offset: number,
  limit: number,
): Promise<RejectsPage> {
  checkWindow(offset, limit);
  const { rejects } = datasetTables(datasetId);
  const total = await conn.runAndReadAll(`SELECT count(*) FROM ${rejects}`);
  const page = await conn.runAndReadAll(
    `SELECT line, reason, message, raw FROM ${rejects} ORDER BY line LIMIT ${limit} OFFSET ${offset}`,
  );
  return {
    rejects: page.getRows().map(([line, reason, message, raw]) => ({
      line: Number(line),
      reason: String(reason) as RejectReason,
      message: String(message),
      raw: raw === null || raw === undefined ? '' : String(raw),
    })),
    offset,
    total: Number(total.getRows()[0]?.[0] ?? 0),
  };
}
