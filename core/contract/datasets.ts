// Data shapes of opening and importing a CSV file.

import type { RuleName } from './validation.js';

/** Encodings Sluice reads. Latin-1 files are read as windows-1252, its superset for printable text. */
export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Line endings seen in the sample. */
export type LineEnding = 'lf' | 'crlf' | 'cr' | 'mixed';

/** How the CSV is written. */
export interface Dialect {
  delimiter: ',' | ';' | '\t' | '|';
  quote: '"' | "'" | null;
  /** The escape character inside quoted fields; equal to quote for the RFC 4180 doubled-quote style. */
  escape: '"' | "'" | '\\' | null;
  header: boolean;
  lineEnding: LineEnding;
}

/** A detection result: each choice with how sure we are (0..1), so the UI can show and the user override. */
export interface Detection {
  encoding: EncodingName;
  encodingConfidence: number;
  /** True when the file starts with a byte-order mark (skipped when reading). */
  bom: boolean;
  dialect: Dialect;
  dialectConfidence: number;
  /** Alternatives considered, best first, with their scores (for an override menu). */
  delimiterCandidates: { delimiter: Dialect['delimiter']; score: number }[];
}

/** What a user may force instead of the detected values. */
export interface OpenOverrides {
  encoding?: EncodingName;
  delimiter?: Dialect['delimiter'];
  quote?: Dialect['quote'];
  escape?: Dialect['escape'];
  header?: boolean;
}

/** Identity of a source file, to tell whether it changed since it was imported. */
export interface SourceFingerprint {
  path: string;
  size: number;
  mtimeMs: number;
  /** sha256 of the first and last 64 KiB plus the size: cheap, and catches edits and appends. */
  sampleHash: string;
}

/** A column as imported: the (deduplicated) name and the header text it came from. */
export interface ColumnInfo {
  name: string;
  /** The raw header text; differs from name when it was empty or duplicated and had to be renamed. */
  sourceName: string;
  index: number;
}

/** The first records of a file, parsed with the dialect. */
export interface Preview {
  columns: string[];
  /** Values as strings; null where the record has no such field. */
  rows: (string | null)[][];
  /** Source line number (1-based) where each row starts. */
  lines: number[];
  /** True when the file has more records than shown. */
  truncated: boolean;
}

/** Why a line was rejected at import. */
export type RejectReason =
  | 'too_many_fields'
  | 'too_few_fields'
  | 'unclosed_quote'
  | 'invalid_quote'
  | 'invalid_encoding'
  | 'line_too_long';

/** A malformed source line kept for the user instead of being dropped. */
export interface RejectedLine {
  line: number;
  reason: RejectReason;
  message: string;
  /** The raw text of the line (decoded; invalid bytes shown as U+FFFD). */
  raw: string;
}

/** Counts of a finished import. rowsImported + linesRejected = dataRecords, always. */
export interface ImportSummary {
  rowsImported: number;
  linesRejected: number;
  /** Records after the header (blank lines excluded; a quoted newline does not start a record). */
  dataRecords: number;
  /** Blank lines skipped (not data). */
  blankLines: number;
  /** Header names that were empty or duplicated and renamed. */
  renamedColumns: { index: number; from: string; to: string }[];
  bytes: number;
  durationMs: number;
}

/** State of a dataset in its project. */
export type DatasetStatus = 'importing' | 'ready' | 'stale' | 'failed' | 'cancelled';

/** What `datasets.open` returns. */
export interface DatasetInfo {
  datasetId: string;
  projectDir: string;
  source: SourceFingerprint;
  detection: Detection;
  columns: ColumnInfo[];
  status: DatasetStatus;
  /** The running import's job, when status is 'importing'. */
  importJobId?: string;
  /** Present when an import finished. */
  importSummary?: ImportSummary;
  preview: Preview;
}

/** How the grid orders rows: by one column, ties by source line. NULLs come last either way. */
export interface RowsSort {
  column: string;
  desc?: boolean;
  /** Order by numeric value (values that are not numbers come after the numbers, by text). Default: text. */
  numeric?: boolean;
}

/** A filter on the grid's rows; a list of them must all hold. */
export type RowsFilter =
  /** The value contains `value`, ignoring case; without `column`, any column does. */
  | { kind: 'contains'; column?: string; value: string }
  /** The value's text is exactly `value`. */
  | { kind: 'equals'; column: string; value: string }
  /** The value is missing (NULL or only whitespace); with `negate`, present. */
  | { kind: 'missing'; column: string; negate?: boolean }
  /** The row has a finding of the last validation (optionally of one column and/or rule). */
  | { kind: 'findings'; column?: string; rule?: RuleName };

/** A cell with a finding of the last validation (of the stage shown): the grid marks it. */
export interface RowMark {
  /** The row's source line (one of the page's `lines`). */
  line: number;
  column: string;
  rule: RuleName;
}

/** A window of imported rows (for the grid). */
export interface RowsPage {
  columns: string[];
  lines: number[];
  rows: (string | null)[][];
  offset: number;
  /** Rows matching the filters (all rows without filters). */
  total: number;
  /**
   * Present when the request asked for `marks`: one entry per finding of these rows (line, column, rule),
   * read from the findings of the current stage, ordered by line, column and rule; empty before any validation.
   */
  marks?: RowMark[];
}

/** A window of rejected lines. */
export interface RejectsPage {
  rejects: RejectedLine[];
  offset: number;
  total: number;
}
