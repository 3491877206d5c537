import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { EncodingName } from '../contract/datasets.js';
import { bomByteLength, bomLength, createDecodeStream, createDecoder } from './decode.js';

const TEXT = 'id;name\n1;Zoë € “ü”\n2;日本 🍣\n';

function encode(text: string, encoding: EncodingName): Uint8Array {
  if (encoding === 'utf-8') return new TextEncoder().encode(text);
  const le = Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16le') return le;
  if (encoding === 'utf-16be') return Buffer.from(le).swap16();
  throw new Error('not used for windows-1252');
}

/** Decodes in chunks cut at every position, so a character split between chunks is exercised. */
function decodeSplit(encoding: EncodingName, bytes: Uint8Array, cut: number): string {
  const d = createDecoder(encoding);
  return d.write(bytes.subarray(0, cut)) + d.write(bytes.subarray(cut)) + d.end();
}

describe('createDecoder', () => {
  it.each(['utf-8', 'utf-16le', 'utf-16be'] as const)('decodes %s split at any byte', (encoding) => {
    const bytes = encode(TEXT, encoding);
    for (let cut = 0; cut <= bytes.length; cut++) expect(decodeSplit(encoding, bytes, cut)).toBe(TEXT);
  });

  it('decodes windows-1252 including the 0x80–0x9F range (€, curly quotes) and keeps undefined bytes', () => {
    const bytes = Uint8Array.from([0x80, 0x20, 0xe9, 0xfc, 0x93, 0x41, 0x94, 0x81, 0x9f, 0xff]);
    expect(createDecoder('windows-1252').write(bytes)).toBe('€ éü“A”\u0081Ÿÿ');
  });

  it('turns invalid UTF-8 into U+FFFD without throwing', () => {
    const d = createDecoder('utf-8');
    expect(d.write(Uint8Array.from([0x61, 0xe9, 0x62, 0xc3])) + d.end()).toBe('a\uFFFDb\uFFFD');
  });

  it('reports an odd trailing UTF-16 byte as U+FFFD at the end', () => {
    const d = createDecoder('utf-16le');
    expect(d.write(Uint8Array.from([0x41, 0x00, 0x42]))).toBe('A');
    expect(d.end()).toBe('\uFFFD');
  });

  it('leaves a BOM in the text: callers skip it by bytes', () => {
    expect(createDecoder('utf-8').write(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('\uFEFFA');
  });
});

describe('bomLength', () => {
  it('finds each BOM only for its own encoding', () => {
    const utf8 = Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]);
    const le = Uint8Array.from([0xff, 0xfe, 0x41, 0x00]);
    const be = Uint8Array.from([0xfe, 0xff, 0x00, 0x41]);
    expect([bomLength('utf-8', utf8), bomLength('utf-16le', utf8), bomLength('windows-1252', utf8)]).toEqual([
      3, 0, 0,
    ]);
    expect([bomLength('utf-16le', le), bomLength('utf-16be', le)]).toEqual([2, 0]);
    expect([bomLength('utf-16be', be), bomLength('utf-8', be)]).toEqual([2, 0]);
    expect(bomLength('utf-8', Uint8Array.from([0xef, 0xbb]))).toBe(0);
  });
  it('gives the byte length per encoding', () => {
    expect(
      ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'].map((e) => bomByteLength(e as EncodingName)),
    ).toEqual([3, 2, 2, 0]);
  });
});

describe('createDecodeStream', () => {
  it('decodes a byte stream chunk by chunk', async () => {
    const bytes = encode(TEXT, 'utf-16be');
    const chunks = [bytes.subarray(0, 5), bytes.subarray(5, 6), bytes.subarray(6)].map((c) => Buffer.from(c));
    let out = '';
    for await (const s of Readable.from(chunks).pipe(createDecodeStream('utf-16be'))) out += s as string;
    expect(out).toBe(TEXT);
  });
});
