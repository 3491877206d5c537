// Rejected lines: the ones the pre-pass catches itself (bad bytes, unclosed quotes, giant lines) go through a
// DuckDB appender; the ones DuckDB catches (field counts, misplaced quotes) are copied from its rejects table,
// with the true line number taken from the suffix we wrote on every record and that suffix removed from the
// raw text.

import type { DuckDBAppender } from '@duckdb/node-api';
import type { RejectReason, RejectedLine } from '../contract/datasets.js';
import { quoteLiteral } from '../sql/quote.js';

/** Columns of a rejects table, in order. */
export const REJECTS_COLUMNS_SQL = 'line BIGINT, reason VARCHAR, message VARCHAR, raw VARCHAR';

/** Messages for the rejects the pre-pass finds. */
export const rejectMessage = {
  invalid_encoding: (encoding: string) =>
    `The line has bytes that are not valid ${encoding} (shown as \uFFFD); the file may use another encoding.`,
  unclosed_quote: (maxBytes: number) =>
    `A quoted field starts on this line and is never closed (it runs to the end of the file or past ` +
    `${formatBytes(maxBytes)}); this line was rejected and reading resumed on the next line.`,
  invalid_quote: (column: number) =>
    `A quoted field is followed by other text at character ${column}; a closing quote must be followed by ` +
    `the delimiter or the end of the line (write a quote inside a quoted field as two quotes).`,
  line_too_long: (maxBytes: number, keptBytes: number) =>
    `The line is longer than the ${formatBytes(maxBytes)} limit; only its first ${formatBytes(keptBytes)} are kept here.`,
} as const;

/** 1024-based size for messages. */
export function formatBytes(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)} MiB`;
  if (n >= 1 << 10 && n % (1 << 10) === 0) return `${n / (1 << 10)} KiB`;
  return `${n} bytes`;
}

/** Streams rejected lines into a table through an appender, flushing in batches. */
export class RejectAppender {
  count = 0;
  private pending = 0;

  constructor(private readonly appender: DuckDBAppender) {}

  /** Appends one rejected line. */
  add(r: RejectedLine): void {
    const a = this.appender;
    a.appendBigInt(BigInt(r.line));
    a.appendVarchar(r.reason);
    a.appendVarchar(r.message);
    // A NUL cannot cross into a VARCHAR through every client; U+FFFD keeps the position visible.
    a.appendVarchar(r.raw.includes('\u0000') ? r.raw.replaceAll('\u0000', '\uFFFD') : r.raw);
    a.endRow();
    this.count++;
    if (++this.pending >= 10_000) this.flush();
  }

  /** Writes appended rows to the table. */
  flush(): void {
    if (this.pending === 0) return;
    this.appender.flushSync();
    this.pending = 0;
  }

  /** Flushes and closes the appender. */
  close(): void {
    this.appender.closeSync();
    this.pending = 0;
  }
}

const REASON_BY_DUCKDB_ERROR: Record<string, RejectReason> = {
  'MISSING COLUMNS': 'too_few_fields',
  'TOO MANY COLUMNS': 'too_many_fields',
  'UNQUOTED VALUE': 'invalid_quote',
  'INVALID STATE': 'invalid_quote',
  'LINE SIZE OVER MAXIMUM': 'line_too_long',
  'INVALID ENCODING': 'invalid_encoding',
};

/**
 * SQL that copies DuckDB's rejects (table `rejectsTemp`) into `target`, one row per source line. Each csv_line
 * ends with `<delimiter><line>`, written by the pre-pass; DuckDB's own `line` column counts lines of the
 * normalized part, not of the source, so it is not used. The field counts in DuckDB's messages include that
 * suffix column, hence the `- 1`. A CAST error on the line column comes with every wrong field count (the
 * columns shift) and is skipped; alone it would mean DuckDB split records differently from the pre-pass, and
 * the row/reject invariant check catches that.
 */
export function copyDuckDbRejectsSql(rejectsTemp: string, target: string): string {
  const reason = `CASE CAST(error_type AS VARCHAR) ${Object.entries(REASON_BY_DUCKDB_ERROR)
    .map(([k, v]) => `WHEN ${quoteLiteral(k)} THEN ${quoteLiteral(v)}`)
    .join(' ')} ELSE 'invalid_quote' END`;
  const expected = `TRY_CAST(regexp_extract(error_message, 'Expected Number of Columns: (\\d+)', 1) AS BIGINT) - 1`;
  const found = `TRY_CAST(regexp_extract(error_message, 'Found: (\\d+)', 1) AS BIGINT) - 1`;
  const message = `CASE CAST(error_type AS VARCHAR)
      WHEN 'MISSING COLUMNS' THEN concat('Expected ', ${expected}, ' fields, found ', ${found}, '.')
      WHEN 'TOO MANY COLUMNS' THEN concat('Expected ', ${expected}, ' fields, found more.')
      WHEN 'UNQUOTED VALUE' THEN concat('Field ', column_idx, ' has a quote that is not followed by the delimiter or the end of the line.')
      ELSE concat('DuckDB could not read the line: ', error_message) END`;
  return `INSERT INTO ${target}
    SELECT DISTINCT ON (line) line, reason, message, raw FROM (
      SELECT CAST(regexp_extract(csv_line, '(\\d+)\\r?\\n?$', 1) AS BIGINT) AS line,
             ${reason} AS reason, ${message} AS message,
             regexp_replace(csv_line, '.\\d+\\r?\\n?$', '') AS raw, byte_position
      FROM ${rejectsTemp} WHERE CAST(error_type AS VARCHAR) <> 'CAST')
    ORDER BY line, byte_position`;
}
