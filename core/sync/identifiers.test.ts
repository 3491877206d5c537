import { describe, expect, it } from 'vitest';
import { derivedName, pgName, truncateUtf8, uniquePgNames } from './identifiers.js';

describe('pgName', () => {
  it('keeps names that fit', () => {
    expect(pgName('a "quoted"; name')).toBe('a "quoted"; name');
    expect(pgName('x'.repeat(63))).toBe('x'.repeat(63));
  });

  it('cuts long names to 63 bytes with a deterministic hash suffix', () => {
    const long = 'é'.repeat(100);
    const out = pgName(long);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(63);
    expect(out).toBe(pgName(long));
    expect(out).toMatch(/^é+_[0-9a-f]{8}$/);
  });

  it('keeps long names that share a prefix apart', () => {
    const a = 'p'.repeat(70) + 'a';
    const b = 'p'.repeat(70) + 'b';
    expect(pgName(a)).not.toBe(pgName(b));
  });

  it('removes NUL bytes, which PostgreSQL cannot store', () => {
    expect(pgName('a\u0000b')).not.toContain('\u0000');
  });
});

describe('uniquePgNames', () => {
  it('never returns two equal names, even when a cut name equals another input', () => {
    const long = 'q'.repeat(80);
    const cut = pgName(long);
    const out = uniquePgNames([long, cut, 'a\u0000', 'a']);
    expect(new Set(out).size).toBe(4);
    out.forEach((n) => expect(Buffer.byteLength(n)).toBeLessThanOrEqual(63));
  });

  it('renames headers that collide with system columns', () => {
    const [ctid, x] = uniquePgNames(['ctid', 'x']);
    expect(ctid).toMatch(/^ctid_[0-9a-f]{8}$/);
    expect(x).toBe('x');
  });
});

describe('helpers', () => {
  it('truncates on code point boundaries', () => {
    expect(truncateUtf8('aé€', 4)).toBe('aé');
  });
  it('derives names that fit', () => {
    expect(derivedName('orders', 'sluice_new')).toBe('orders__sluice_new');
    expect(Buffer.byteLength(derivedName('o'.repeat(63), 'sluice_new'))).toBeLessThanOrEqual(63);
  });
});
