// Opening a file: read a sample (never the whole file), detect its encoding and then its dialect. The result
// tells the preview and the importer how to read every byte, and tells the UI how sure each guess is.

import { open } from 'node:fs/promises';
import type { Detection, OpenOverrides } from '../contract/datasets.js';
import { AppError } from '../contract/errors.js';
import { bomLength, createDecoder } from './decode.js';
import { sniffBinary } from './detect-binary.js';
import { detectDialect } from './detect-dialect.js';
import { detectEncoding, type EncodingDetection } from './detect-encoding.js';
import { fileError, notAFile } from './file-errors.js';

/** Default sample size: enough for hundreds of records, small enough to read in a few milliseconds. */
export const DEFAULT_SAMPLE_BYTES = 256 * 1024;

/** What detectFile returns: the contract's Detection plus the BOM's byte length to skip when reading. */
export type FileDetection = Detection & { bomLength: number };

/**
 * Detects encoding and dialect of the file at `path` from its first `sampleBytes`; `overrides` win.
 * Throws AppError FILE_NOT_FOUND, FILE_UNREADABLE, FILE_EMPTY, FILE_BINARY or ENCODING_UNSUPPORTED.
 */
export async function detectFile(
  path: string,
  overrides: OpenOverrides = {},
  opts: { sampleBytes?: number } = {},
): Promise<FileDetection> {
  const { sample, isWholeFile } = await readSample(path, opts.sampleBytes ?? DEFAULT_SAMPLE_BYTES);
  const enc = overrides.encoding
    ? forcedEncoding(sample, overrides.encoding, path)
    : detectEncoding(sample, isWholeFile, path);

  const decoder = createDecoder(enc.encoding);
  // A sample cut inside a character leaves the remainder in the decoder: only a whole file is flushed.
  const text = decoder.write(sample.subarray(enc.bomLength)) + (isWholeFile ? decoder.end() : '');
  if (isWholeFile && text.trim() === '') {
    throw new AppError('FILE_EMPTY', 'The file has no data: only blank lines.', {
      file: path,
      hint: 'Choose a CSV file that has a header or records.',
    });
  }
  const d = detectDialect(text, overrides, { truncated: !isWholeFile });
  return {
    encoding: enc.encoding,
    encodingConfidence: enc.confidence,
    bom: enc.bom,
    bomLength: enc.bomLength,
    dialect: d.dialect,
    dialectConfidence: d.confidence,
    delimiterCandidates: d.candidates,
  };
}

/** The user's encoding: certain, but a PNG stays a PNG (NULs are fine in UTF-16). */
function forcedEncoding(
  sample: Uint8Array,
  encoding: EncodingDetection['encoding'],
  file: string,
): EncodingDetection {
  if (sample.length === 0) throw new AppError('FILE_EMPTY', 'The file is empty.', { file });
  const kind = sniffBinary(sample, { allowNul: encoding.startsWith('utf-16') });
  if (kind) {
    throw new AppError('FILE_BINARY', `The file is not text: it looks like ${kind}.`, {
      file,
      hint: 'Choose a CSV or other delimited text file.',
    });
  }
  const bom = bomLength(encoding, sample);
  return { encoding, confidence: 1, bom: bom > 0, bomLength: bom };
}

async function readSample(
  path: string,
  sampleBytes: number,
): Promise<{ sample: Uint8Array; isWholeFile: boolean }> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw fileError(e, path);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw notAFile(path);
    if (st.size === 0) {
      throw new AppError('FILE_EMPTY', 'The file is empty (0 bytes).', {
        file: path,
        hint: 'Choose a CSV file that has data.',
      });
    }
    const buf = Buffer.alloc(Math.min(sampleBytes, st.size));
    let filled = 0;
    while (filled < buf.length) {
      const { bytesRead } = await fh.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break; // the file shrank since stat
      filled += bytesRead;
    }
    return { sample: buf.subarray(0, filled), isWholeFile: filled >= st.size };
  } catch (e) {
    throw fileError(e, path);
  } finally {
    await fh.close();
  }
}
