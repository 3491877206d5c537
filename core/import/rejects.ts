// Rejected lines go into the staging rejects table through a DuckDB appender: the ones the pre-pass catches
// itself (bad bytes, quotes, giant lines) and the ones DuckDB catches (field counts, see duckdb-rejects.ts).

import type { DuckDBAppender } from '@duckdb/node-api';
import type { RejectedLine } from '../contract/datasets.js';

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
