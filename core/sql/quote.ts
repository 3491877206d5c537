// Identifiers and literals for SQL we build ourselves. Column names come from CSV headers and can contain
// anything, so they are always quoted; values go through parameters where the driver allows it.

/** Quotes an identifier for DuckDB or PostgreSQL ("a""b"). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal ('it''s'). NUL bytes cannot appear in SQL text, so they are refused. */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error('NUL byte in SQL literal');
  return `'${value.replaceAll("'", "''")}'`;
}
