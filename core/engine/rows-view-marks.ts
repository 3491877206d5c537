// The findings marks of a window's rows, read with the window: the grid marks exactly the rows it shows, so
// no findings cap applies and no bulk paging of findings competes with its windows. The read is a line range
// (DuckDB skips the findings table's row groups outside it by their zone maps) plus, for a sorted or filtered
// window whose lines are not one run, the window's own lines.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { RowMark } from '../contract/datasets.js';
import type { RuleName } from '../contract/validation.js';
import { quoteIdent } from '../sql/quote.js';

// DuckDB's answer when a table is not there (before the first validation), told apart from real failures.
const NO_TABLE = /Catalog Error: Table with name .* does not exist/;

/** The lowest and highest of `lines` (a window's range, which lets DuckDB skip row groups by their zone maps). */
export function lineBounds(lines: ArrayLike<number>): [lo: number, hi: number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < lines.length; i++) {
    lo = Math.min(lo, lines[i]!);
    hi = Math.max(hi, lines[i]!);
  }
  return [lo, hi];
}

/**
 * The findings of `lines` (distinct source lines) in `findingsTable` (unquoted), ordered by line, column and
 * rule; none when the table does not exist yet.
 */
export async function readMarks(
  conn: DuckDBConnection,
  findingsTable: string,
  lines: ArrayLike<number>,
): Promise<RowMark[]> {
  if (lines.length === 0) return [];
  const [lo, hi] = lineBounds(lines);
  // A run of lines (the grid's usual window) reads its range and drops the few lines between in JS: a range
  // read costs about a millisecond at 1M rows, a list of 256 constants several. A sorted or filtered window
  // spread over the table joins its lines instead (DuckDB hashes them once).
  const dense = hi - lo + 1 <= 4 * lines.length;
  const pick = dense ? '' : ` AND line IN (SELECT unnest([${Array.from(lines).join(',')}]))`;
  // No catalog lookup first: it would cost as much as the read itself, on every window.
  let rows: unknown[][];
  try {
    const r = await conn.runAndReadAll(
      `SELECT line, "column", rule FROM ${quoteIdent(findingsTable)} WHERE line BETWEEN ${lo} AND ${hi}${pick}`,
    );
    rows = r.getRows();
  } catch (e) {
    if (e instanceof Error && NO_TABLE.test(e.message)) return [];
    throw e;
  }
  const wanted = new Set(Array.from(lines));
  const seen = new Set<string>();
  const marks: RowMark[] = [];
  for (const [line, column, rule] of rows) {
    const m = { line: Number(line), column: String(column), rule: String(rule) as RuleName };
    const key = `${m.line}\u0000${m.column}\u0000${m.rule}`;
    if (!wanted.has(m.line) || seen.has(key)) continue;
    seen.add(key);
    marks.push(m);
  }
  // Sorted here, not in SQL: an ORDER BY (or DISTINCT) doubles the read's cost for a few dozen rows.
  return marks.sort(
    (a, b) =>
      a.line - b.line ||
      (a.column < b.column ? -1 : a.column > b.column ? 1 : 0) ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}
