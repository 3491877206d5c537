// Scores one candidate dialect on a sample, after CleverCSV (van den Burg et al., 2019): a right dialect cuts
// records into the same number of fields (pattern score) and cells into clean values (type score). A wrong
// delimiter leaves the real one inside cells ("5;2"), a wrong quote character breaks records apart.

import { parse } from 'csv-parse/sync';
import type { Dialect } from '../contract/datasets.js';
import { cellType } from './cell-type.js';
import { csvParseOptions } from './parse-options.js';

/** Candidate delimiters, in the order preferred on a tie. */
export const DELIMITERS: readonly Dialect['delimiter'][] = [',', ';', '\t', '|'];

const MAX_RECORDS = 1000;

/** One candidate's parse of the sample and its score. */
export interface ScoredDialect {
  dialect: Pick<Dialect, 'delimiter' | 'quote' | 'escape'>;
  records: string[][];
  /** Share of records (and parse errors) with the most common field count. */
  consistency: number;
  /** The most common field count. */
  fields: number;
  /** Share of cells that are clean values. */
  clean: number;
  /** consistency × width × clean² (× ½ when the first record has another width), in 0..1. */
  score: number;
}

/**
 * A cell is dirty when it is text holding another candidate delimiter not used as prose ("a, b" is prose), or
 * is still wrapped in quote characters.
 */
function isDirty(cell: string, delimiter: string): boolean {
  // A whole cell still wrapped in quotes means the reading did not take them as quotes.
  if (cell.length >= 2 && (cell[0] === '"' || cell[0] === "'") && cell.at(-1) === cell[0]) return true;
  for (const d of DELIMITERS) {
    if (d === delimiter) continue;
    const at = cell.indexOf(d);
    if (at >= 0 && cell[at + 1] !== ' ' && cellType(cell) === 'text') return true;
  }
  return false;
}

/**
 * Parses `text` with the candidate and scores it. `cut`: the text is the start of a longer sample, so a quoted
 * field left open at its end is the cut's doing, not evidence against the candidate.
 */
export function scoreDialect(text: string, dialect: ScoredDialect['dialect'], cut = false): ScoredDialect {
  let errors = 0;
  let records: string[][] = [];
  try {
    records = parse(text, {
      ...csvParseOptions(dialect),
      skip_records_with_error: true,
      on_skip: (err) => {
        if (!(cut && err?.code === 'CSV_QUOTE_NOT_CLOSED')) errors++;
      },
      to: MAX_RECORDS,
    }) as string[][];
  } catch {
    errors++; // options csv-parse refuses for this text: the candidate simply scores 0
  }
  // A line of only spaces is a blank line, not a one-field record.
  records = records.filter((r) => r.length > 1 || (r[0] ?? '').trim() !== '');
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.length, (counts.get(r.length) ?? 0) + 1);
  let fields = 0;
  let modeCount = 0;
  for (const [len, c] of counts)
    if (c > modeCount || (c === modeCount && len > fields)) [fields, modeCount] = [len, c];
  const total = records.length + errors;
  const consistency = total === 0 ? 0 : modeCount / total;
  let cells = 0;
  let dirty = 0;
  for (const r of records) {
    cells += r.length;
    for (const cell of r) if (isDirty(cell, dialect.delimiter)) dirty++;
  }
  const clean = cells === 0 ? 0 : 1 - dirty / cells;
  // More fields per record is stronger evidence; one field (no delimiter at all) is a weak but valid reading,
  // and wins when every split would cut values apart ("1,5" in a one-column European file).
  const width = fields > 1 ? (fields - 1) / fields : 0.25;
  // The first record (usually the header) as wide as the rest, or the split is suspect.
  const firstFits = records.length < 2 || records[0]?.length === fields ? 1 : 0.5;
  const score = consistency * width * clean * clean * firstFits;
  return { dialect, records, consistency, fields, clean, score };
}
