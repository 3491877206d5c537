import { describe, expect, it } from 'vitest';
import { scanUtf8, trimCutUtf8 } from './utf8-scan.js';

const b = (...x: number[]) => Uint8Array.from(x);

describe('scanUtf8', () => {
  it('counts valid multibyte sequences of every length', () => {
    expect(scanUtf8(new TextEncoder().encode('aé€🍣'))).toEqual({ multibyte: 3, invalid: 0 });
  });
  it('counts lone, overlong, surrogate and truncated sequences as invalid', () => {
    expect(scanUtf8(b(0xe9, 0x41))).toEqual({ multibyte: 0, invalid: 1 });
    expect(scanUtf8(b(0xc0, 0xaf))).toEqual({ multibyte: 0, invalid: 2 });
    expect(scanUtf8(b(0xed, 0xa0, 0x80))).toEqual({ multibyte: 0, invalid: 3 });
    expect(scanUtf8(b(0xe2, 0x82))).toEqual({ multibyte: 0, invalid: 2 });
  });
});

describe('trimCutUtf8', () => {
  it('drops a sequence cut at the end and nothing else', () => {
    expect(trimCutUtf8(b(0x41, 0xe2, 0x82))).toEqual(b(0x41));
    expect(trimCutUtf8(b(0x41, 0xf0, 0x9f, 0x8d))).toEqual(b(0x41));
    expect(trimCutUtf8(b(0x41, 0xe2, 0x82, 0xac))).toEqual(b(0x41, 0xe2, 0x82, 0xac));
    expect(trimCutUtf8(b(0x41, 0x42))).toEqual(b(0x41, 0x42));
    expect(trimCutUtf8(b(0x41, 0xe9))).toEqual(b(0x41));
  });
});
