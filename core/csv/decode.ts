// Bytes → text for every encoding Sluice reads, chunk by chunk: a character split across two chunks is
// carried over, never mangled. Invalid bytes become U+FFFD (the importer detects them from the bytes).
// The decoder never strips a BOM itself: callers skip `bomLength` bytes, so a U+FEFF that is data stays data.

import { Transform } from 'node:stream';
import type { EncodingName } from '../contract/datasets.js';
import { decodeWindows1252 } from './decode-windows-1252.js';

/** A streaming decoder: `write` each chunk in order, then `end` once for what a cut sequence left over. */
export interface StreamDecoder {
  readonly encoding: EncodingName;
  write(bytes: Uint8Array): string;
  end(): string;
}

const BOMS: Record<EncodingName, readonly number[] | null> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
  'windows-1252': null,
};

/** Length of the encoding's byte-order mark at the start of `bytes`, or 0 when there is none. */
export function bomLength(encoding: EncodingName, bytes: Uint8Array): number {
  const bom = BOMS[encoding];
  if (!bom || bytes.length < bom.length) return 0;
  return bom.every((b, i) => bytes[i] === b) ? bom.length : 0;
}

/** Byte length of the encoding's BOM (0 for encodings without one): where to start reading when `bom` is set. */
export function bomByteLength(encoding: EncodingName): number {
  return BOMS[encoding]?.length ?? 0;
}

/** A streaming decoder for one of Sluice's encodings. */
export function createDecoder(encoding: EncodingName): StreamDecoder {
  if (encoding === 'windows-1252') {
    return { encoding, write: decodeWindows1252, end: () => '' };
  }
  const td = new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
  return {
    encoding,
    write: (bytes) => td.decode(bytes, { stream: true }),
    end: () => td.decode(),
  };
}

/** A Transform stream of the same decoder: bytes in, strings out (object mode on the readable side). */
export function createDecodeStream(encoding: EncodingName): Transform {
  const decoder = createDecoder(encoding);
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      const text = decoder.write(chunk);
      done(null, text === '' ? undefined : text);
    },
    flush(done) {
      const text = decoder.end();
      done(null, text === '' ? undefined : text);
    },
  });
}
