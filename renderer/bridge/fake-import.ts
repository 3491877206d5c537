// Detection, preview and import for the fake bridge, over CSV text held in memory.

import type {
  Detection,
  ImportSummary,
  OpenOverrides,
  Preview,
  RejectedLine,
} from '../../core/contract/datasets.js';
import { AppError } from '../../core/contract/errors.js';
import { dedupeNames, guessDelimiter, lineEndingOf, parseCsv, type CsvRecord } from './fake-csv.js';
import type { FakeTable } from './fake-profile.js';

/** Detects the dialect of `text` (the encoding is always UTF-8 here), applying overrides. */
export function detectText(path: string, text: string, o: OpenOverrides = {}): Detection {
  if (text.replace(/^\uFEFF/, '').trim() === '')
    throw new AppError('FILE_EMPTY', 'The file is empty.', { file: path, hint: 'Pick a file with data.' });
  const sample = text.slice(0, 64 * 1024);
  const candidates = guessDelimiter(sample);
  const best = candidates[0]!;
  const delimiter = o.delimiter ?? (best.score > 0 ? best.delimiter : ',');
  const quote = o.quote === undefined ? '"' : o.quote;
  return {
    encoding: o.encoding ?? 'utf-8',
    encodingConfidence: 1,
    bom: text.charCodeAt(0) === 0xfeff,
    dialect: {
      delimiter,
      quote,
      escape: o.escape === undefined ? quote : o.escape,
      header: o.header ?? true,
      lineEnding: lineEndingOf(sample),
    },
    dialectConfidence: o.delimiter ? 1 : Math.max(0.5, best.score),
    delimiterCandidates: candidates,
  };
}

function shape(records: CsvRecord[], header: boolean) {
  const first = records[0];
  const raw = header && first ? first.fields : (first?.fields ?? []).map((_, i) => `column_${i + 1}`);
  const { names, renamed } = dedupeNames(raw);
  return { names, renamed, header: raw, data: header ? records.slice(1) : records };
}

const padded = (fields: string[], n: number): (string | null)[] =>
  Array.from({ length: n }, (_, i) => (i < fields.length ? fields[i]! : null));

/** The first `rows` records, parsed with the detection. */
export function previewText(text: string, d: Detection, rows: number): Preview {
  const parsed = parseCsv(text, d.dialect, rows + (d.dialect.header ? 1 : 0));
  const { names, data } = shape(parsed.records, d.dialect.header);
  return {
    columns: names,
    rows: data.map((r) => padded(r.fields, names.length)),
    lines: data.map((r) => r.line),
    truncated: parsed.truncated,
  };
}

/** A whole import: the table, the rejected lines and the summary (durationMs left to the caller). */
export function importText(text: string, d: Detection) {
  const parsed = parseCsv(text, d.dialect);
  const { names, renamed, header, data } = shape(parsed.records, d.dialect.header);
  const table: FakeTable = { columns: names, lines: [], rows: [] };
  const rejects: RejectedLine[] = [];
  for (const r of data) {
    const reason =
      r.error ??
      (r.fields.length > names.length
        ? 'too_many_fields'
        : r.fields.length < names.length
          ? 'too_few_fields'
          : null);
    if (reason) {
      const message =
        reason === 'unclosed_quote'
          ? 'A quoted field is never closed.'
          : `Expected ${names.length} fields, found ${r.fields.length}.`;
      rejects.push({ line: r.line, reason, raw: r.raw, message });
    } else {
      table.lines.push(r.line);
      table.rows.push(r.fields.map((f, i) => (f === '' && !r.quoted[i] ? null : f)));
    }
  }
  const summary: ImportSummary = {
    rowsImported: table.rows.length,
    linesRejected: rejects.length,
    dataRecords: data.length,
    blankLines: parsed.blankLines,
    renamedColumns: renamed,
    bytes: new TextEncoder().encode(text).length,
    durationMs: 0,
  };
  return { table, rejects, summary, header };
}
