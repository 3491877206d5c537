// The fake bridge's CSV reading: a small RFC 4180 parser and a delimiter guess. Just enough for the
// renderer's tests and the web-mode demo; the engine's real reader lives in core/csv.

import type { Dialect, LineEnding, RejectReason } from '../../core/contract/datasets.js';

/** One parsed record and where it came from. */
export interface CsvRecord {
  fields: string[];
  /** Which fields were quoted (an unquoted empty field imports as NULL, a quoted "" as ''). */
  quoted: boolean[];
  /** 1-based line where the record starts. */
  line: number;
  raw: string;
  /** Set when the record could not be parsed (the quote never closed). */
  error?: RejectReason;
}

/** Parses `text` with the dialect; blank lines are skipped and counted. */
export function parseCsv(text: string, d: Pick<Dialect, 'delimiter' | 'quote'>, limit = Infinity) {
  const records: CsvRecord[] = [];
  let blankLines = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length && records.length < limit) {
    const start = i;
    const startLine = line;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let field = '';
    let inQuotes = false;
    let quotedField = false;
    let done = false;
    while (i < text.length && !done) {
      const c = text[i]!;
      if (inQuotes) {
        if (c === d.quote && text[i + 1] === d.quote) {
          field += c;
          i += 2;
          continue;
        }
        if (c === d.quote) inQuotes = false;
        else {
          if (c === '\n') line++;
          field += c;
        }
        i++;
      } else if (c === d.quote && field === '' && !quotedField) {
        inQuotes = quotedField = true;
        i++;
      } else if (c === d.delimiter) {
        fields.push(field);
        quoted.push(quotedField);
        field = '';
        quotedField = false;
        i++;
      } else if (c === '\n' || c === '\r') {
        i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        done = true;
      } else {
        field += c;
        i++;
      }
    }
    fields.push(field);
    quoted.push(quotedField);
    const raw = text.slice(start, i).replace(/\r?\n$|\r$/, '');
    if (inQuotes) records.push({ fields, quoted, line: startLine, raw, error: 'unclosed_quote' });
    else if (fields.length === 1 && fields[0] === '' && !quotedField) blankLines++;
    else records.push({ fields, quoted, line: startLine, raw });
  }
  return { records, blankLines, truncated: i < text.length };
}

/** The line ending style of a sample. */
export function lineEndingOf(sample: string): LineEnding {
  const crlf = (sample.match(/\r\n/g) ?? []).length;
  const lf = (sample.match(/\n/g) ?? []).length - crlf;
  const cr = (sample.match(/\r/g) ?? []).length - crlf;
  const kinds = [crlf > 0, lf > 0, cr > 0].filter(Boolean).length;
  if (kinds > 1) return 'mixed';
  return crlf > 0 ? 'crlf' : cr > 0 ? 'cr' : 'lf';
}

const DELIMITERS: Dialect['delimiter'][] = [',', ';', '\t', '|'];

/** Scores each delimiter by how consistently it splits the first records into more than one field. */
export function guessDelimiter(sample: string): { delimiter: Dialect['delimiter']; score: number }[] {
  const scored = DELIMITERS.map((delimiter) => {
    const { records } = parseCsv(sample, { delimiter, quote: '"' }, 50);
    const counts = records.map((r) => r.fields.length);
    const first = counts[0] ?? 1;
    if (first < 2) return { delimiter, score: 0 };
    const same = counts.filter((c) => c === first).length / counts.length;
    return { delimiter, score: Math.round(same * Math.min(1, (first - 1) / 2) * 1000) / 1000 };
  });
  return scored.sort((a, b) => b.score - a.score);
}

/** Deterministic unique column names (empty → column_n, duplicate → name_k), as the engine does. */
export function dedupeNames(raw: string[]): {
  names: string[];
  renamed: { index: number; from: string; to: string }[];
} {
  const taken = new Set<string>();
  const originals = new Set(raw.map((r) => r.trim().toLowerCase()).filter((r) => r !== ''));
  const renamed: { index: number; from: string; to: string }[] = [];
  const names = raw.map((from, index) => {
    const base = from.trim() === '' ? `column_${index + 1}` : from;
    let name = base;
    for (
      let k = 2;
      taken.has(name.toLowerCase()) || (name !== from && originals.has(name.toLowerCase()));
      k++
    )
      name = `${base}_${k}`;
    taken.add(name.toLowerCase());
    if (name !== from) renamed.push({ index, from, to: name });
    return name;
  });
  return { names, renamed };
}
