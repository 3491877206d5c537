// The streaming pre-pass: source file → record boundaries → normalized part files for DuckDB, with the header
// parsed, blank lines counted, and the lines DuckDB cannot judge (bad bytes, unclosed quotes, giant lines)
// rejected on the way. It yields to the event loop between chunks so a UI server in the same process stays
// responsive, and stops at once when the signal aborts.

import { isUtf8 } from 'node:buffer';
import { AppError } from '../contract/errors.js';
import type { ColumnInfo, Dialect, EncodingName, RejectedLine } from '../contract/datasets.js';
import { dedupeHeader, generatedHeader, type HeaderRename } from '../csv/header-names.js';
import { PartWriter, type NormalizedPart } from './normalize-writer.js';
import { REC_BAD_QUOTE, REC_OK, REC_TOO_LONG, REC_UNCLOSED_QUOTE, RecordBatch } from './record-batch.js';
import { formatBytes, rejectMessage } from './rejects.js';
import { RecordScanner } from './scan-records.js';
import { SourceReader } from './source-reader.js';
import { splitRecord } from './split-record.js';

/** Columns found in the header (or the first record of a headerless file). */
export interface HeaderInfo {
  columns: ColumnInfo[];
  renamed: HeaderRename[];
}

/** What the pre-pass needs. */
export interface PrepassOptions {
  path: string;
  encoding: EncodingName;
  bomLength?: number;
  dialect: Dialect;
  /** Folder for the part files (created by the caller, removed by the caller). */
  workDir: string;
  signal?: AbortSignal;
  maxRecordBytes: number;
  chunkBytes: number;
  partBytes: number;
  /** Called once, before any part, when the columns are known. */
  onColumns(info: HeaderInfo): Promise<void>;
  /** Called for each finished part with the source bytes read so far; the pre-pass waits for it. */
  onPart(part: NormalizedPart, bytesDone: number): Promise<void>;
  onReject(r: RejectedLine): void;
  /** Called after each chunk. */
  onProgress(bytesDone: number, records: number): void;
}

/** Counts of a finished pre-pass. */
export interface PrepassResult {
  header: HeaderInfo | null;
  dataRecords: number;
  blankLines: number;
  rejected: number;
  written: number;
  bytes: number;
}

/** Bytes of a rejected record kept as its raw text. */
export const RAW_CAP_BYTES = 1 << 20;

/** Records per UTF-8 check when a batch holds bad bytes. */
const UTF8_GROUP = 256;

/** Runs the pre-pass over the whole file. */
export async function runPrepass(o: PrepassOptions): Promise<PrepassResult> {
  const pass = new Prepass(o);
  return pass.run();
}

class Prepass {
  private readonly scanner: RecordScanner;
  private readonly batch = new RecordBatch();
  private readonly writer: PartWriter;
  private header: HeaderInfo | null = null;
  private columnCount = -1;
  private dirtyIndex = 0;
  private invalid = new Uint8Array(1024);
  readonly counts = { dataRecords: 0, blankLines: 0, rejected: 0, written: 0 };

  constructor(private readonly o: PrepassOptions) {
    const d = o.dialect;
    // Each half of the writer's output area takes one batch whole (records grow by their line number
    // suffix), so it can be written in the background while the next batch fills the other half.
    const outHalf = Math.ceil(o.chunkBytes * 1.25) + (64 << 10);
    this.scanner = new RecordScanner(
      {
        delimiter: d.delimiter.charCodeAt(0),
        quote: d.quote === null ? -1 : d.quote.charCodeAt(0),
        escape: d.escape === null ? -1 : d.escape.charCodeAt(0),
      },
      { maxRecordBytes: o.maxRecordBytes, rawCapBytes: RAW_CAP_BYTES },
      o.chunkBytes * 2,
      2 * outHalf,
    );
    this.writer = new PartWriter(o.workDir, d.delimiter.charCodeAt(0), o.partBytes, outHalf);
  }

  async run(): Promise<PrepassResult> {
    const reader = new SourceReader(this.o.path, this.o.encoding, this.o.chunkBytes, this.o.bomLength);
    try {
      for (;;) {
        throwIfAborted(this.o.signal);
        const eof = await reader.fill(this.scanner);
        this.scanner.scan(eof, this.batch);
        await this.consume(reader);
        await this.writer.endBatch(this.scanner.buf);
        if (this.writer.full || eof) {
          const part = await this.writer.finishPart(this.scanner.buf);
          if (part) await this.o.onPart(part, reader.bytesRead);
        }
        this.o.onProgress(reader.bytesRead, this.counts.dataRecords);
        if (eof) break;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      throwIfAborted(this.o.signal);
      return { header: this.header, ...this.counts, bytes: reader.size };
    } finally {
      await reader.close();
      await this.writer.abort();
    }
  }

  /** Files the batch's records: header, blank, rejected, or written to the current part. */
  private async consume(reader: SourceReader): Promise<void> {
    const count = this.batch.count;
    if (count === 0) return;
    const { starts, ends } = this.batch;
    const utf8 = this.o.encoding === 'utf-8';
    const allValid = utf8
      ? this.markInvalidUtf8(this.scanner.buf)
      : !this.touchesDirty(reader, starts[0]!, ends[count - 1]!);
    let i = this.consumeFrom(reader, 0, allValid);
    while (i >= 0) {
      const { buf } = this.scanner;
      const { lines, kinds } = this.batch;
      await this.columnsFrom(buf, starts[i]!, ends[i]!, lines[i]!, kinds[i]!);
      i = this.consumeFrom(reader, this.o.dialect.header ? i + 1 : i, allValid);
    }
  }

  /**
   * The hot loop over a batch from record `from`. Returns the index of a record that must first fix the
   * columns (the header, or a headerless file's first record), or -1 when the batch is done.
   */
  private consumeFrom(reader: SourceReader, from: number, allValid: boolean): number {
    const { starts, ends, lines, kinds, count } = this.batch;
    const buf = this.scanner.buf;
    const writer = this.writer;
    const utf8 = this.o.encoding === 'utf-8';
    const columnCount = this.columnCount;
    const c = this.counts;
    for (let i = from; i < count; i++) {
      const s = starts[i]!;
      const e = ends[i]!;
      const kind = kinds[i]!;
      if (kind === REC_OK && s === e && columnCount !== 1) {
        c.blankLines++;
        continue;
      }
      if (columnCount < 0) return i;
      c.dataRecords++;
      if (
        kind === REC_OK &&
        (allValid || (utf8 ? this.invalid[i] === 0 : this.decodedValid(reader, buf, s, e)))
      ) {
        writer.write(buf, s, e, lines[i]!);
        c.written++;
      } else if (kind !== REC_OK) {
        this.reject(lines[i]!, kind, buf.toString('utf8', s, e));
      } else {
        const message = rejectMessage.invalid_encoding(this.o.encoding);
        this.o.onReject({
          line: lines[i]!,
          reason: 'invalid_encoding',
          message,
          raw: buf.toString('utf8', s, e),
        });
        c.rejected++;
      }
    }
    return -1;
  }

  private reject(line: number, kind: number, raw: string): void {
    const max = this.o.maxRecordBytes;
    let r: RejectedLine;
    if (kind === REC_TOO_LONG) {
      r = {
        line,
        reason: 'line_too_long',
        message: rejectMessage.line_too_long(max, Math.min(RAW_CAP_BYTES, max)),
        raw,
      };
    } else if (kind === REC_BAD_QUOTE) {
      const { delimiter, quote, escape } = this.o.dialect;
      const at = splitRecord(raw, { delimiter, quote, escape }).errorAt ?? 0;
      r = { line, reason: 'invalid_quote', message: rejectMessage.invalid_quote(at + 1), raw };
    } else {
      r = { line, reason: 'unclosed_quote', message: rejectMessage.unclosed_quote(max), raw };
    }
    this.o.onReject(r);
    this.counts.rejected++;
  }

  /**
   * Checks the batch's records in groups, one native call per group, and the records of a failing group one
   * by one: a clean batch costs one pass over its bytes, a few bad lines a few hundred short calls more.
   * Sets `invalid[i]`; returns true when every record is valid.
   */
  private markInvalidUtf8(buf: Buffer): boolean {
    const { starts, ends, count } = this.batch;
    let allValid = true;
    for (let g = 0; g < count; g += UTF8_GROUP) {
      const last = Math.min(g + UTF8_GROUP, count) - 1;
      if (isUtf8(buf.subarray(starts[g]!, ends[last]!))) continue;
      if (allValid) {
        if (this.invalid.length < count) this.invalid = new Uint8Array(this.batch.starts.length);
        this.invalid.fill(0, 0, count);
        allValid = false;
      }
      for (let i = g; i <= last; i++) if (!isUtf8(buf.subarray(starts[i]!, ends[i]!))) this.invalid[i] = 1;
    }
    return allValid;
  }

  /** Decoded input: invalid when a U+FFFD (EF BF BD) lies inside a range where the decoder met bad bytes. */
  private decodedValid(reader: SourceReader, buf: Buffer, s: number, e: number): boolean {
    if (!this.touchesDirty(reader, s, e)) return true;
    const fffd = buf.indexOf('\uFFFD', s, 'utf8');
    return fffd < 0 || fffd >= e;
  }

  /** True when buf[s, e) overlaps a range where the decoder replaced bad input (records come in order). */
  private touchesDirty(reader: SourceReader, s: number, e: number): boolean {
    const absStart = this.scanner.base + s;
    const dirty = reader.dirty;
    while (this.dirtyIndex < dirty.length && dirty[this.dirtyIndex]![1] <= absStart) this.dirtyIndex++;
    const range = dirty[this.dirtyIndex];
    return range !== undefined && range[0] < this.scanner.base + e;
  }

  /** The first record fixes the columns: it is the header, or (headerless) it gives their number. */
  private async columnsFrom(buf: Buffer, s: number, e: number, line: number, kind: number): Promise<void> {
    const { header, delimiter, quote, escape } = this.o.dialect;
    const text = buf.toString('utf8', s, e);
    // A header with a misplaced quote still gives names (best effort); one that never ends cannot.
    if (header && kind === REC_TOO_LONG) {
      throw new AppError(
        'CSV_MALFORMED',
        `The header line is longer than ${formatBytes(this.o.maxRecordBytes)}.`,
        {
          file: this.o.path,
          line,
          hint: 'Check the delimiter and quote settings, or open the file without a header.',
        },
      );
    }
    if (header && kind === REC_UNCLOSED_QUOTE) {
      const at = splitRecord(text, { delimiter, quote, escape }).errorAt ?? 0;
      throw new AppError('CSV_MALFORMED', 'The header line cannot be read: a quoted name is never closed.', {
        file: this.o.path,
        line,
        column: at + 1,
        hint: 'Check the quote character, or open the file without a header.',
      });
    }
    const { fields } = splitRecord(text, { delimiter, quote, escape });
    this.columnCount = fields.length;
    if (!header) {
      const names = generatedHeader(fields.length);
      this.header = { columns: names.map((name, index) => ({ name, sourceName: name, index })), renamed: [] };
    } else {
      // NUL cannot appear in SQL text; it becomes U+FFFD (and the rename is reported).
      const raw = fields.map((f) => (f ?? '').replaceAll('\u0000', '\uFFFD'));
      const { names, renamed } = dedupeHeader(raw);
      fields.forEach((f, index) => {
        if ((f ?? '') !== raw[index] && !renamed.some((r) => r.index === index)) {
          renamed.push({ index, from: f ?? '', to: names[index]! });
        }
      });
      renamed.sort((a, b) => a.index - b.index);
      const columns = names.map((name, index) => ({ name, sourceName: fields[index] ?? '', index }));
      this.header = { columns, renamed };
    }
    await this.o.onColumns(this.header);
  }
}

/** Throws AppError CANCELLED when the signal has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'The import was cancelled.', {});
}
