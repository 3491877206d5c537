// Small SQL helpers the phase handlers share.

import type { DuckDBConnection } from '../../adapters/duckdb.js';
import { AppError } from '../../contract/errors.js';
import { quoteIdent, quoteLiteral } from '../../sql/quote.js';

/** Bookkeeping columns a stage may carry: the row key `__line`, and for glob sources where a row came from. */
export const BOOKKEEPING_COLUMNS = ['__file', '__file_line', '__line'] as const;
/** The row key stages are ordered, chunked and compared by (unique per extract, see phases/extract.ts). */
export const ORDER_COLUMNS = ['__line'] as const;

/** A column of a stage. */
export interface StageColumn {
  name: string;
  type: string;
}

/** The columns of a table or view. */
export async function columnsOf(c: DuckDBConnection, table: string): Promise<StageColumn[]> {
  const r = await c.runAndReadAll(`DESCRIBE SELECT * FROM ${quoteIdent(table)}`);
  return r.getRowObjectsJS().map((o) => ({ name: String(o.column_name), type: String(o.column_type) }));
}

/** Rows in a table or view. */
export async function countRows(c: DuckDBConnection, table: string): Promise<number> {
  const r = await c.runAndReadAll(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
  return Number(r.getRowObjectsJS()[0]?.n ?? 0);
}

/** The ordering columns present (stages are compared and chunked by them). */
export function orderKeys(columns: StageColumn[]): string[] {
  const names = new Set(columns.map((c) => c.name));
  return ORDER_COLUMNS.filter((k) => names.has(k));
}

/** A SQL literal for a value read back from DuckDB (ordering keys: numbers and strings). */
export function sqlValue(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  return quoteLiteral(String(v));
}

/** The user's query without a trailing `;`, refused unless it is exactly one statement. */
export async function singleStatement(c: DuckDBConnection, sql: string, phase: string): Promise<string> {
  const text = sql.trim().replace(/;\s*$/, '');
  const n = (await c.extractStatements(text)).count;
  if (n !== 1)
    throw new AppError(
      'PIPELINE_INVALID',
      `Phase '${phase}': its SQL holds ${n} statements; give one SELECT.`,
      {
        phase,
        hint: 'Combine the steps with WITH … SELECT, or split them into several phases.',
      },
    );
  return text;
}
