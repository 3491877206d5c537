// Differential test: random dirty CSVs, imported through DuckDB, must agree record by record with the
// pre-pass scanner (record boundaries, line numbers) and with splitRecord (field values), and every record
// must be either a row or a reject. A disagreement between our quote rules and DuckDB's shows up here.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../core/contract/datasets.js';
import { REC_BAD_QUOTE, REC_OK, RecordBatch } from '../../core/import/record-batch.js';
import { RecordScanner } from '../../core/import/scan-records.js';
import { splitRecord } from '../../core/import/split-record.js';
import { detection, importAndRead, openWorkspace, type Workspace } from '../support/import-harness.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await openWorkspace();
});
afterAll(async () => {
  await ws.close();
});

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Records (line → text) as the scanner sees them (whole records: not the cut unclosed / too long ones). */
function sourceRecords(text: string, d: Dialect): Map<number, string> {
  const scanner = new RecordScanner(
    {
      delimiter: d.delimiter.charCodeAt(0),
      quote: d.quote ? d.quote.charCodeAt(0) : -1,
      escape: d.escape ? d.escape.charCodeAt(0) : -1,
    },
    { maxRecordBytes: 1 << 20, rawCapBytes: 1 << 20 },
  );
  const data = Buffer.from(text);
  const { buf, offset } = scanner.reserve(data.length);
  data.copy(buf, offset);
  scanner.commit(data.length);
  const batch = new RecordBatch();
  scanner.scan(true, batch);
  const out = new Map<number, string>();
  for (let i = 0; i < batch.count; i++) {
    const kind = batch.kinds[i];
    if (kind === REC_OK || kind === REC_BAD_QUOTE) {
      out.set(batch.lines[i]!, scanner.buf.toString('utf8', batch.starts[i], batch.ends[i]));
    }
  }
  return out;
}

/** Files per dialect (SLUICE_FUZZ_FILES raises it for a longer local run). */
const FILES = Number(process.env.SLUICE_FUZZ_FILES ?? 20);

const DIALECTS: { dialect: Partial<Dialect>; alphabet: string[] }[] = [
  { dialect: {}, alphabet: ['a', 'b', ',', ',', '"', '"', ' ', '\n', '\r', '\r\n', '""'] },
  { dialect: { delimiter: ';', escape: '\\' }, alphabet: ['x', ';', ';', '"', '"', '\\', ' ', '\n', '\r\n'] },
  { dialect: { delimiter: '\t', quote: "'", escape: "'" }, alphabet: ['y', '\t', "'", "'", ' ', '"', '\n'] },
  { dialect: { delimiter: '|', quote: null, escape: null }, alphabet: ['z', '|', '"', ' ', '\n', '\r'] },
];

describe('import agrees with DuckDB on random dirty input', () => {
  for (const [di, { dialect, alphabet }] of DIALECTS.entries()) {
    it(`dialect ${JSON.stringify(dialect)}`, async () => {
      const det = detection(dialect);
      const d = det.dialect;
      const rand = rng(1000 + di);
      for (let file = 0; file < FILES; file++) {
        const header = ['h1', 'h2', 'h3'].join(d.delimiter);
        let body = '';
        for (let r = 0; r < 60; r++) {
          const len = Math.floor(rand() * 14);
          let rec = '';
          for (let k = 0; k < len; k++) rec += alphabet[Math.floor(rand() * alphabet.length)];
          // Mostly plausible records, so rows as well as rejects get compared.
          body += rand() < 0.5 ? `a${d.delimiter}b${d.delimiter}${rec}\n` : `${rec}\n`;
        }
        const text = `${header}\n${body}`;
        const path = await ws.file(`fuzz-${di}-${file}.csv`, text);
        const { rows, rejects } = await importAndRead(ws, path, det);
        const records = sourceRecords(text, d);
        rows.rows.forEach((values, i) => {
          const line = rows.lines[i]!;
          const raw = records.get(line);
          expect(raw, `line ${line} is a record start`).toBeDefined();
          const split = splitRecord(raw!, d);
          expect({ line, values, ok: true }).toEqual({ line, values: split.fields, ok: split.ok });
        });
        for (const rej of rejects.rejects) {
          const raw = records.get(rej.line);
          if (rej.reason === 'unclosed_quote') continue;
          expect(raw, `reject ${JSON.stringify(rej)} is a record start`).toBeDefined();
          expect(rej.raw).toBe(raw);
          const split = splitRecord(raw!, d);
          expect(split.ok && split.fields.length === 3, `line ${rej.line} ${JSON.stringify(raw)}`).toBe(
            false,
          );
        }
      }
    });
  }
});
