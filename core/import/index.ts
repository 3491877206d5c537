// Import: a whole CSV file into the project's DuckDB workspace, rows keeping their source line numbers,
// malformed lines in a rejects table.
export { importCsv, DEFAULT_MAX_RECORD_BYTES, type ImportOptions, type ImportResult } from './import-csv.js';
export { readRejects, readRows } from './read-pages.js';
export type { ImportProgress, ImportStep } from './progress.js';
export { splitRecord, type SplitDialect, type SplitResult } from './split-record.js';
