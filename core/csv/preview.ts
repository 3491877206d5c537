// The first records of a file, fast whatever its size: stream from the start, stop and close the file as soon
// as N records (plus one, to know whether there are more) are parsed. Best effort by design: a malformed record
// is left out rather than thrown, because the importer, not the preview, is the authority on bad lines.

import { createReadStream } from 'node:fs';
import { parse, type Info } from 'csv-parse';
import type { Detection, Preview } from '../contract/datasets.js';
import { AppError } from '../contract/errors.js';
import { bomByteLength, createDecoder } from './decode.js';
import { fileError } from './file-errors.js';
import { dedupeHeader, generatedHeader, type HeaderRename } from './header-names.js';
import { csvParseOptions } from './parse-options.js';
import { createLineCounter } from './record-lines.js';

/** Options of previewFile. */
export interface PreviewOptions {
  /** Data records to return (default 200). */
  rows?: number;
  signal?: AbortSignal;
  /**
   * Stop reading after this many bytes even if fewer records were found (default 32 MiB), and report the preview
   * as truncated: an unclosed quote early in a huge file must not make the preview read the rest of it.
   */
  maxBytes?: number;
}

const SLICE = 8 * 1024;

/** The preview plus the raw header cells (generated names without a header) and the renames made. */
export type FilePreview = Preview & { header: string[]; renamed: HeaderRename[] };

/**
 * Parses the first `rows` data records of `path` as `detection` says. Columns are the header names made unique
 * (or column_1…), and every row has exactly that many values: null where a record is short, extra values of a
 * long record dropped (the importer rejects such records; the preview only shows). `lines` are 1-based physical
 * lines where each record starts, the header line counted; any of CRLF, LF or CR ends a line.
 */
export async function previewFile(
  path: string,
  detection: Pick<Detection, 'encoding' | 'bom' | 'dialect'> & { bomLength?: number },
  opts: PreviewOptions = {},
): Promise<FilePreview> {
  const want = opts.rows ?? 200;
  const maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
  const { dialect } = detection;
  const cancelled = () => new AppError('CANCELLED', 'Preview cancelled.', { file: path });
  if (opts.signal?.aborted) throw cancelled();

  let header: string[] | null = dialect.header ? null : [];
  const records: string[][] = [];
  const lines: number[] = [];
  let more = false;
  const startLine = createLineCounter();
  const parser = parse({
    ...csvParseOptions(dialect),
    skip_records_with_error: true,
    on_record: (record: string[], info: Info) => {
      if (more) return null;
      const line = startLine(record, info); // every record, so the CRLF count stays right
      if (header === null) header = record;
      else if (records.length < want) {
        records.push(record);
        lines.push(line);
      } else more = true;
      return null; // collected here; nothing flows on through the stream
    },
  });
  let parseError: unknown = null;
  parser.on('error', (e) => (parseError = e));

  const start = detection.bomLength ?? (detection.bom ? bomByteLength(detection.encoding) : 0);
  const stream = createReadStream(path, { start, highWaterMark: 64 * 1024 });
  const onAbort = () => stream.destroy(cancelled());
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const decoder = createDecoder(detection.encoding);
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      // Fed in slices so that parsing stops soon after the last wanted record, not at the end of the chunk.
      const text = decoder.write(chunk);
      for (let at = 0; at < text.length && !more && !parseError;) {
        let end = Math.min(at + SLICE, text.length);
        // Never split a surrogate pair: csv-parse encodes each piece to UTF-8 on its own.
        const last = text.charCodeAt(end - 1);
        if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
        await write(parser, text.slice(at, end));
        at = end;
      }
      if (more || parseError) break;
      if (bytes >= maxBytes) {
        more = true;
        break;
      }
    }
    if (!more && !parseError) {
      await write(parser, decoder.end());
      await new Promise<void>((resolve) => parser.end(resolve));
    }
  } catch (e) {
    throw e instanceof AppError ? e : fileError(e, path);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    stream.destroy();
    parser.destroy();
  }
  if (opts.signal?.aborted) throw cancelled();
  return shape(header ?? [], dialect.header, records, lines, more);
}

function write(parser: ReturnType<typeof parse>, text: string): Promise<void> {
  if (text === '') return Promise.resolve();
  // The callback fires once csv-parse has consumed the chunk (or failed; the 'error' listener records why).
  return new Promise((resolve) => parser.write(text, () => resolve()));
}

function shape(
  raw: string[],
  hasHeader: boolean,
  records: string[][],
  lines: number[],
  more: boolean,
): FilePreview {
  const width = hasHeader ? raw.length : (records[0]?.length ?? 0);
  const { names, renamed } = hasHeader ? dedupeHeader(raw) : { names: generatedHeader(width), renamed: [] };
  const rows = records.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? null));
  return { columns: names, rows, lines, truncated: more, header: hasHeader ? raw : names, renamed };
}
