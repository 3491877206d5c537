import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.js';
import { detectEncoding } from './detect-encoding.js';

const CSV = 'id,name,city\n1,Zoë,Köln\n2,Jürgen,Zürich\n3,Anaïs,Besançon\n';
const utf8 = (s: string) => new TextEncoder().encode(s);
const utf16le = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
const utf16be = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le').swap16());
const cat = (...parts: (Uint8Array | number[])[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

/** Deterministic pseudo-random bytes (xorshift), so the test is repeatable. */
function randomBytes(n: number, seed = 42): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('detectEncoding: BOMs', () => {
  it('reads a UTF-8 BOM with certainty', () => {
    expect(detectEncoding(cat([0xef, 0xbb, 0xbf], utf8(CSV)), true)).toEqual({
      encoding: 'utf-8',
      confidence: 1,
      bom: true,
      bomLength: 3,
    });
  });
  it('reads UTF-16 LE and BE BOMs with certainty', () => {
    expect(detectEncoding(cat([0xff, 0xfe], utf16le(CSV)), true)).toMatchObject({
      encoding: 'utf-16le',
      confidence: 1,
      bomLength: 2,
    });
    expect(detectEncoding(cat([0xfe, 0xff], utf16be(CSV)), true)).toMatchObject({
      encoding: 'utf-16be',
      confidence: 1,
      bomLength: 2,
    });
  });
  it('refuses UTF-32 with a hint', () => {
    const e = thrown(() => detectEncoding(cat([0xff, 0xfe, 0, 0], [0x41, 0, 0, 0]), true, '/d/x.csv'));
    expect(e.code).toBe('ENCODING_UNSUPPORTED');
    expect(e.details.file).toBe('/d/x.csv');
  });
});

describe('detectEncoding: without BOM', () => {
  it('finds UTF-16 LE and BE from where the NULs are', () => {
    const le = detectEncoding(utf16le(CSV), true);
    const be = detectEncoding(utf16be(CSV), true);
    expect([le.encoding, be.encoding, le.bom]).toEqual(['utf-16le', 'utf-16be', false]);
    expect(le.confidence).toBeGreaterThan(0.8);
    expect(be.confidence).toBeGreaterThan(0.8);
  });
  it('finds UTF-16 in text that is mostly non-Latin', () => {
    expect(detectEncoding(utf16le('id;имя\n1;Дмитрий Шостакович\n2;Сергей Прокофьев\n'), true).encoding).toBe(
      'utf-16le',
    );
  });
  it('is sure of UTF-8 when multibyte sequences are present', () => {
    const r = detectEncoding(utf8(CSV), true);
    expect(r).toMatchObject({ encoding: 'utf-8', bom: false, bomLength: 0 });
    expect(r.confidence).toBeGreaterThan(0.99);
  });
  it('gives pure ASCII about 0.9 (it reads the same in Windows-1252)', () => {
    expect(detectEncoding(utf8('a,b\n1,2\n'), true)).toMatchObject({ encoding: 'utf-8', confidence: 0.9 });
  });
  it('allows a sequence cut at the end of a sample, not at the end of a file', () => {
    const bytes = utf8('a,b\n1,Zoë,€');
    const cut = bytes.subarray(0, bytes.length - 1); // € is 3 bytes; keep 2
    expect(detectEncoding(cut, false).encoding).toBe('utf-8');
    expect(detectEncoding(utf8('a,b\n1,x').subarray(0, 6), false).confidence).toBe(0.9);
    const whole = detectEncoding(cat(utf8('a,b\n1,x'), [0xe2, 0x82]), true);
    expect(whole.encoding).toBe('windows-1252');
  });
  it('reads Windows-1252 (é, €, ü) as such, plausibly', () => {
    const bytes = cat(
      utf8('name;price\nCaf'),
      [0xe9],
      utf8(';5 '),
      [0x80],
      utf8('\nM'),
      [0xfc],
      utf8('sli;3\n'),
    );
    const r = detectEncoding(bytes, true);
    expect(r.encoding).toBe('windows-1252');
    expect(r.confidence).toBeGreaterThan(0.8);
  });
  it('is less sure of Windows-1252 with undefined bytes and long high-byte runs', () => {
    const plausible = detectEncoding(cat(utf8('a\n'), [0xe9, 0x41, 0xfc]), true).confidence;
    const odd = detectEncoding(cat(utf8('a\n'), [0x81, 0x8d, 0xe9, 0xea, 0xeb, 0xec, 0xed]), true).confidence;
    expect(odd).toBeLessThan(plausible);
  });
  it('keeps UTF-8 for a UTF-8 file with a few invalid bytes (they become rejects), less sure', () => {
    const bytes = cat(utf8(CSV.repeat(5)), [0xe9], utf8('\n'));
    const r = detectEncoding(bytes, true);
    expect(r.encoding).toBe('utf-8');
    expect(r.confidence).toBeLessThan(0.9);
    expect(r.confidence).toBeGreaterThan(0.5);
  });
});

describe('detectEncoding: refusals', () => {
  it('refuses an empty sample', () => {
    expect(thrown(() => detectEncoding(new Uint8Array(0), true, 'e.csv')).code).toBe('FILE_EMPTY');
  });
  it.each([
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52], /PNG/],
    ['gzip', [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03], /gzip/],
    ['ZIP/XLSX', [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00], /ZIP/],
    ['PDF', [...utf8('%PDF-1.7\n%\xe2\xe3\n1 0 obj\n')], /PDF/],
  ])('refuses a %s file, naming the file and a hint', (_name, bytes, message) => {
    const e = thrown(() => detectEncoding(cat(bytes, utf8('abc,def\n'.repeat(50))), true, '/data/img.csv'));
    expect(e.code).toBe('FILE_BINARY');
    expect(e.message).toMatch(message);
    expect(e.details).toMatchObject({ file: '/data/img.csv' });
    expect(e.details.hint).toEqual(expect.any(String));
  });
  it('refuses random bytes', () => {
    const bytes = randomBytes(64 * 1024);
    expect(bytes.includes(0)).toBe(true);
    expect(thrown(() => detectEncoding(bytes, false, 'r.bin')).code).toBe('FILE_BINARY');
  });
  it('refuses text dense with NUL bytes that is not UTF-16', () => {
    const bytes = utf8('a,b\u0000\u0000\u0000,c\n'.repeat(100));
    expect(thrown(() => detectEncoding(bytes, true)).message).toMatch(/NUL/);
  });
  it('accepts a dirty CSV with one stray NUL and one control byte', () => {
    const bytes = utf8(`${'id,name\n'.repeat(500)}7,a\u0000b\u0007\n`);
    expect(detectEncoding(bytes, true).encoding).toBe('utf-8');
  });
});
