// The lines DuckDB rejected while loading one normalized part (wrong field count, in practice: the pre-pass
// already rejected bad bytes and quotes). DuckDB's rejects table is read right after the part is loaded,
// while the part file still exists, because it is not enough on its own: its `line` counts lines of the part
// (not of the source), its csv_line is cut at 10,000 characters, and a line short of k fields is stored k
// times. So: one row per `line_byte_position` (the 1-based byte offset of the record in the part), the record
// re-read from the part when csv_line may be cut, and the source line taken from the `<delimiter><line>`
// suffix the pre-pass wrote.

import { closeSync, openSync, readSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Dialect, RejectReason, RejectedLine } from '../contract/datasets.js';
import type { ImportTables } from './load-parts.js';
import { REC_OK, RecordBatch } from './record-batch.js';
import { RecordScanner } from './scan-records.js';

const REASON_BY_DUCKDB_ERROR: Record<string, RejectReason> = {
  'MISSING COLUMNS': 'too_few_fields',
  'TOO MANY COLUMNS': 'too_many_fields',
  'UNQUOTED VALUE': 'invalid_quote',
  'INVALID STATE': 'invalid_quote',
  'LINE SIZE OVER MAXIMUM': 'line_too_long',
  'INVALID ENCODING': 'invalid_encoding',
};

/** DuckDB keeps at most this many characters of a rejected line. */
const CSV_LINE_CAP = 10_000;

/** Reads DuckDB's rejects of the part just loaded, hands them to `sink`, and clears DuckDB's tables. */
export async function collectPartRejects(
  conn: DuckDBConnection,
  t: ImportTables,
  partPath: string,
  dialect: Dialect,
  maxRecordBytes: number,
  sink: (r: RejectedLine) => void,
): Promise<void> {
  // A CAST error on the line column comes with every wrong field count (the columns shift); alone it would
  // mean DuckDB split records differently from the pre-pass, and the row/reject invariant catches that.
  const result = await conn.runAndReadAll(
    `SELECT line_byte_position, arg_min(CAST(error_type AS VARCHAR), byte_position),
            arg_min(error_message, byte_position), arg_min(csv_line, byte_position)
     FROM ${t.duckRejects} WHERE CAST(error_type AS VARCHAR) <> 'CAST'
     GROUP BY line_byte_position ORDER BY line_byte_position`,
  );
  const rows = result.getRows();
  if (rows.length > 0) {
    const reader = new PartReader(partPath, dialect, maxRecordBytes);
    try {
      for (const [position, type, message, csvLine] of rows) {
        const line = typeof csvLine === 'string' && csvLine.length < CSV_LINE_CAP ? csvLine : null;
        const record = line ?? reader.recordAt(Number(position) - 1);
        sink(toReject(record, String(type), String(message), dialect.delimiter));
      }
    } finally {
      reader.close();
    }
  }
  await conn.run(`DROP TABLE IF EXISTS ${t.duckRejects}; DROP TABLE IF EXISTS ${t.duckScans};`);
}

/** A normalized record `<raw><delimiter><line>` and DuckDB's error, as a rejected line. */
export function toReject(record: string, type: string, duckMessage: string, delimiter: string): RejectedLine {
  const cut = record.lastIndexOf(delimiter);
  const line = Number(record.slice(cut + delimiter.length));
  if (cut < 0 || !Number.isSafeInteger(line) || line < 1) {
    throw new Error(`A rejected record lacks its line number suffix: ${JSON.stringify(record.slice(-80))}`);
  }
  const reason = REASON_BY_DUCKDB_ERROR[type] ?? 'invalid_quote';
  return { line, reason, message: messageFor(reason, duckMessage), raw: record.slice(0, cut) };
}

function messageFor(reason: RejectReason, duckMessage: string): string {
  // DuckDB counts the line-number column too.
  const expected = Number(/Expected Number of Columns: (\d+)/.exec(duckMessage)?.[1]) - 1;
  const found = Number(/Found: (\d+)/.exec(duckMessage)?.[1]) - 1;
  if (reason === 'too_few_fields' && expected >= 0 && found >= 0)
    return `Expected ${expected} fields, found ${found}.`;
  if (reason === 'too_many_fields' && expected >= 0) return `Expected ${expected} fields, found more.`;
  return `DuckDB could not read the line: ${duckMessage}`;
}

/** Re-reads whole records from a part file by byte offset. */
class PartReader {
  private readonly fd: number;

  constructor(
    path: string,
    private readonly dialect: Dialect,
    private readonly maxRecordBytes: number,
  ) {
    this.fd = openSync(path, 'r');
  }

  /** The record starting at `offset` (without its line break). */
  recordAt(offset: number): string {
    const d = this.dialect;
    const scanDialect = {
      delimiter: d.delimiter.charCodeAt(0),
      quote: d.quote === null ? -1 : d.quote.charCodeAt(0),
      escape: d.escape === null ? -1 : d.escape.charCodeAt(0),
    };
    const limit = this.maxRecordBytes + 64;
    for (let size = 1 << 16; ; size *= 4) {
      const want = Math.min(size, limit);
      const scanner = new RecordScanner(scanDialect, { maxRecordBytes: limit, rawCapBytes: limit }, want);
      const { buf, offset: at } = scanner.reserve(want);
      const n = readSync(this.fd, buf, at, want, offset);
      scanner.commit(n);
      const batch = new RecordBatch();
      scanner.scan(n < want, batch);
      if (batch.count > 0 && batch.kinds[0] === REC_OK)
        return buf.toString('utf8', batch.starts[0], batch.ends[0]);
      if (n < want || want === limit) break;
    }
    throw new Error(`No record at byte ${offset} of the normalized part`);
  }

  close(): void {
    closeSync(this.fd);
  }
}
