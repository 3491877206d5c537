// Which encoding a sample of a file is in, and how sure we are. Order: BOM (certain), UTF-16 by its NUL
// pattern, binary check, UTF-8 validity, else Windows-1252 (Latin-1's superset, so any byte decodes).

import { isUtf8 } from 'node:buffer';
import type { EncodingName } from '../contract/datasets.js';
import { AppError } from '../contract/errors.js';
import { sniffBinary } from './detect-binary.js';
import { utf16ByNuls } from './detect-utf16.js';
import { scanUtf8, trimCutUtf8 } from './utf8-scan.js';
import { windows1252Plausibility } from './windows-1252-plausibility.js';

/** An encoding guess for a file. */
export interface EncodingDetection {
  encoding: EncodingName;
  /** 0..1; 1 for a BOM. */
  confidence: number;
  bom: boolean;
  /** Bytes to skip at the start of the file (the BOM). */
  bomLength: number;
}

const BOMS: [EncodingName, number[]][] = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
];
const startsWith = (s: Uint8Array, p: number[]) => s.length >= p.length && p.every((b, i) => s[i] === b);

/**
 * Detects the encoding of `sample` (the first bytes of `file`; `isWholeFile` when nothing follows it).
 * Throws FILE_EMPTY, FILE_BINARY, or ENCODING_UNSUPPORTED (UTF-32), each naming `file`.
 */
export function detectEncoding(
  sample: Uint8Array,
  isWholeFile: boolean,
  file = '<sample>',
): EncodingDetection {
  if (sample.length === 0) {
    throw new AppError('FILE_EMPTY', 'The file is empty.', {
      file,
      hint: 'Choose a CSV file that has data.',
    });
  }
  // UTF-32 LE's BOM starts like UTF-16 LE's, so it is checked first.
  if (startsWith(sample, [0xff, 0xfe, 0, 0]) || startsWith(sample, [0, 0, 0xfe, 0xff])) {
    throw new AppError('ENCODING_UNSUPPORTED', 'The file is UTF-32, which Sluice does not read.', {
      file,
      hint: 'Save the file as UTF-8 (or UTF-16) and open it again.',
    });
  }
  for (const [encoding, bom] of BOMS) {
    if (startsWith(sample, bom)) return { encoding, confidence: 1, bom: true, bomLength: bom.length };
  }
  const utf16 = utf16ByNuls(sample);
  if (utf16) {
    const kind = sniffBinary(sample, { allowNul: true });
    if (kind) throw binary(file, kind);
    return { ...utf16, bom: false, bomLength: 0 };
  }
  const kind = sniffBinary(sample);
  if (kind) throw binary(file, kind);

  const body = isWholeFile ? sample : trimCutUtf8(sample);
  if (isUtf8(body)) {
    const multibyte = countLeadBytes(body);
    // Pure ASCII is also valid Windows-1252 and reads the same either way; each valid multibyte sequence makes
    // an accident less likely (Windows-1252 text almost never forms one).
    return { encoding: 'utf-8', confidence: round(1 - 0.1 * 0.3 ** multibyte), bom: false, bomLength: 0 };
  }
  const { multibyte, invalid } = scanUtf8(body);
  // Mostly valid UTF-8 with a few bad bytes: still UTF-8 (the bad bytes become rejects), less sure.
  if (multibyte >= 2 && invalid * 10 <= multibyte) {
    return {
      encoding: 'utf-8',
      confidence: round(0.85 - (0.35 * invalid) / multibyte),
      bom: false,
      bomLength: 0,
    };
  }
  return { encoding: 'windows-1252', confidence: windows1252Plausibility(body), bom: false, bomLength: 0 };
}

function binary(file: string, kind: string): AppError {
  return new AppError('FILE_BINARY', `The file is not text: it looks like ${kind}.`, {
    file,
    hint: 'Choose a CSV or other delimited text file.',
  });
}

/** In valid UTF-8 every byte from 0xC0 starts a multibyte sequence: counting them is enough. */
function countLeadBytes(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0xc0) n++;
  return n;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
