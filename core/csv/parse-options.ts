// One mapping from a Dialect to csv-parse options, shared by detection, the preview and the importer, so they
// all split records the same way.

import type { Options } from 'csv-parse';
import type { Dialect } from '../contract/datasets.js';

/**
 * Every line-break style ends a record, whatever the sample showed: csv-parse would otherwise lock onto the
 * first style it meets and glue the lines of a mixed file together. CRLF must come before CR.
 */
export const RECORD_DELIMITERS = ['\r\n', '\n', '\r'];

/** csv-parse options for a dialect: raw string fields, ragged rows allowed, blank lines skipped. */
export function csvParseOptions(dialect: Pick<Dialect, 'delimiter' | 'quote' | 'escape'>): Options {
  return {
    delimiter: dialect.delimiter,
    quote: dialect.quote ?? false,
    escape: dialect.quote === null ? null : (dialect.escape ?? dialect.quote),
    record_delimiter: RECORD_DELIMITERS,
    relax_column_count: true,
    // A quote inside an unquoted field (5" screen) is text, as spreadsheets write it.
    relax_quotes: true,
    skip_empty_lines: true,
    bom: false,
  };
}
