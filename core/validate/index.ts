// Validation: a Table Schema compiled to DuckDB SQL over the whole table; findings stored and read back.

export { validateTable, type ValidateOptions } from './validate-table.js';
export { findingsSummary, findingsPage, exportFindingsCsv, type FindingsFilter } from './findings.js';
export { compileValidation, type BoundField } from './compile-query.js';
export type { StepProgress } from './run-sql.js';
