// Sorted and filtered windows of rows for the fake bridge, with the engine's semantics (core/engine/rows-view.ts):
// ties and NULLs ordered the same way, numeric sorts putting non-numbers after numbers, case-insensitive
// `contains`, `missing` meaning NULL or only whitespace, finding filters over the last validation, and the
// findings marks of a window's rows.

import type { RowMark, RowsFilter, RowsPage, RowsSort } from '../../core/contract/datasets.js';
import { AppError } from '../../core/contract/errors.js';
import type { Finding } from '../../core/contract/validation.js';
import type { FakeTable } from './fake-profile.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function colIndex(table: FakeTable, name: string): number {
  const i = table.columns.indexOf(name);
  if (i < 0)
    throw new AppError('BAD_USAGE', `No column '${name}' in the dataset.`, {
      hint: `Columns: ${table.columns.join(', ')}.`,
    });
  return i;
}

function matcher(table: FakeTable, f: RowsFilter, findings: Finding[]): (row: number) => boolean {
  const cell = (r: number, c: number) => table.rows[r]![c] ?? null;
  switch (f.kind) {
    case 'contains': {
      const needle = f.value.toLowerCase();
      const cols = f.column === undefined ? table.columns.map((_, i) => i) : [colIndex(table, f.column)];
      return (r) => cols.some((c) => cell(r, c)?.toLowerCase().includes(needle) ?? false);
    }
    case 'equals': {
      const c = colIndex(table, f.column);
      return (r) => cell(r, c) === f.value;
    }
    case 'missing': {
      const c = colIndex(table, f.column);
      return (r) => /^\s*$/.test(cell(r, c) ?? '') !== !!f.negate;
    }
    case 'findings': {
      const lines = new Set(
        findings
          .filter(
            (x) =>
              (f.column === undefined || x.column === f.column) &&
              (f.rule === undefined || x.rule === f.rule),
          )
          .map((x) => x.line),
      );
      return (r) => lines.has(table.lines[r]!);
    }
  }
}

function comparator(table: FakeTable, sort: RowsSort): (a: number, b: number) => number {
  const c = colIndex(table, sort.column);
  const dir = sort.desc ? -1 : 1;
  const num = (v: string | null) => (v !== null && NUMBER.test(v.trim()) ? Number(v) : null);
  // NULLs (and, for a numeric sort, non-numbers) go last in both directions.
  const nullsLast = <T>(x: T | null, y: T | null, cmp: (x: T, y: T) => number) =>
    x === null ? (y === null ? 0 : 1) : y === null ? -1 : dir * cmp(x, y);
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) => {
    const va = table.rows[a]![c] ?? null;
    const vb = table.rows[b]![c] ?? null;
    return (
      (sort.numeric ? nullsLast(num(va), num(vb), (x, y) => x - y) : 0) ||
      nullsLast(va, vb, text) ||
      table.lines[a]! - table.lines[b]!
    );
  };
}

/** The findings of `lines` as the engine marks them: once each, ordered by line, column and rule. */
export function marksOf(findings: Finding[], lines: number[]): RowMark[] {
  const wanted = new Set(lines);
  const seen = new Set<string>();
  const out: RowMark[] = [];
  for (const { line, column, rule } of findings) {
    const key = `${line}\u0000${column}\u0000${rule}`;
    if (!wanted.has(line) || seen.has(key)) continue;
    seen.add(key);
    out.push({ line, column, rule });
  }
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return out.sort((a, b) => a.line - b.line || text(a.column, b.column) || text(a.rule, b.rule));
}

/** A window of `table` sorted and filtered as the engine would (with the marks of its rows when asked). */
export function viewRows(
  table: FakeTable,
  findings: Finding[],
  req: { offset: number; limit: number; sort?: RowsSort; filters?: RowsFilter[]; marks?: boolean },
): RowsPage {
  const tests = (req.filters ?? []).map((f) => matcher(table, f, findings));
  let order = table.rows.map((_, i) => i).filter((r) => tests.every((t) => t(r)));
  if (req.sort) order = order.sort(comparator(table, req.sort));
  const from = Math.max(0, req.offset);
  const picked = order.slice(from, from + Math.max(0, Math.min(req.limit, 10_000)));
  const lines = picked.map((r) => table.lines[r]!);
  return {
    columns: table.columns,
    lines,
    rows: picked.map((r) => table.rows[r]!),
    offset: req.offset,
    total: order.length,
    ...(req.marks ? { marks: marksOf(findings, lines) } : {}),
  };
}
