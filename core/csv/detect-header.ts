// Is the first record a header? Evidence per column, in the spirit of Python's csv.Sniffer.has_header: a
// column whose values share a type (numbers, dates) that the first cell does not have votes "header"; a first
// cell of that same type votes "data". With no evidence either way (all-text files), a first row of distinct,
// non-empty, non-numeric cells is taken as a header, because most CSV files have one.

import { cellType, isValueLike, type CellType } from './cell-type.js';

const MAX_ROWS = 200;

/** The header verdict and how sure it is (0.5..0.95). */
export interface HeaderGuess {
  header: boolean;
  confidence: number;
}

function dominantType(values: string[]): { type: CellType; share: number } | null {
  const counts = new Map<CellType, number>();
  let n = 0;
  for (const v of values) {
    let t = cellType(v);
    if (t === 'empty') continue;
    if (t === 'integer') t = 'number'; // 1 and 1.5 are one kind here
    counts.set(t, (counts.get(t) ?? 0) + 1);
    n++;
  }
  let best: { type: CellType; share: number } | null = null;
  for (const [type, c] of counts) if (!best || c / n > best.share) best = { type, share: c / n };
  return best;
}

/** Guesses whether `records[0]` is a header, from the records below it. */
export function detectHeader(records: string[][]): HeaderGuess {
  const first = records[0];
  if (!first) return { header: false, confidence: 0.5 };
  const firstTypes = first.map(cellType);
  const nonEmpty = first.filter((c) => c.trim() !== '');
  const distinct = new Set(nonEmpty.map((c) => c.trim().toLowerCase())).size === nonEmpty.length;
  const looksLikeNames = nonEmpty.length === first.length && distinct && !firstTypes.some(isValueLike);

  const rows = records.slice(1, MAX_ROWS + 1);
  let votes = 0;
  let columns = 0;
  first.forEach((cell, j) => {
    const dom = dominantType(rows.map((r) => r[j] ?? ''));
    if (!dom || dom.share < 0.8) return;
    columns++;
    const own = firstTypes[j] === 'integer' ? 'number' : firstTypes[j];
    if (own === 'empty') return;
    if (dom.type !== 'text') {
      votes += own === dom.type ? -1 : 1;
    } else if (isValueLike(own!)) {
      votes -= 1; // a number on top of a text column: data, not a name
    } else {
      // Text under text: a first cell of a length none of the values has is weak evidence of a header.
      const lengths = new Set(rows.map((r) => (r[j] ?? '').length));
      if (lengths.size === 1 && !lengths.has(cell.length)) votes += 0.5;
    }
  });

  if (votes > 0)
    return { header: true, confidence: round(0.7 + 0.25 * Math.min(1, votes / Math.max(1, columns))) };
  if (votes < 0)
    return { header: false, confidence: round(0.7 + 0.25 * Math.min(1, -votes / Math.max(1, columns))) };
  return { header: looksLikeNames, confidence: looksLikeNames ? 0.6 : 0.7 };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
