// Where each record starts in the file, as a 1-based physical line number (CRLF, LF and CR each end one line),
// for the preview and the importer alike.

import type { Info } from 'csv-parse';

const CRLF = /\r\n/g;
const LINE_BREAKS = /\r\n|\r|\n/g;

/**
 * Turns csv-parse's line count into physical lines. csv-parse reports the line where a record ends, and inside a
 * quoted field it counts CR and LF of a CRLF as two lines (outside quotes, as one); so the CRLFs seen in fields so
 * far are subtracted, then the record's own line breaks to get where it starts.
 * Call it for every record in order (header and records you drop included), from csv-parse's `on_record` or
 * `info: true`, with the parse options of `csvParseOptions`.
 */
export function createLineCounter(): (record: string[], info: Pick<Info, 'lines'>) => number {
  let crlfInFields = 0;
  return (record, info) => {
    let breaks = 0;
    for (const field of record) {
      if (!field.includes('\r') && !field.includes('\n')) continue;
      crlfInFields += field.match(CRLF)?.length ?? 0;
      breaks += field.match(LINE_BREAKS)?.length ?? 0;
    }
    return info.lines - crlfInFields - breaks;
  };
}
