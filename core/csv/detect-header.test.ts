import { describe, expect, it } from 'vitest';
import { detectHeader } from './detect-header.js';

const rows = (text: string) => text.split('\n').map((l) => l.split(','));

describe('detectHeader', () => {
  it('finds a header over numeric and date columns, surely', () => {
    const r = detectHeader(rows('id,amount,date\n1,9.5,2024-01-02\n2,3.25,2024-01-03\n3,7,2024-02-01'));
    expect(r.header).toBe(true);
    expect(r.confidence).toBeGreaterThan(0.9);
  });
  it('says no header for an all-numeric file', () => {
    const r = detectHeader(rows('1,2,3\n4,5,6\n7,8,9'));
    expect(r.header).toBe(false);
    expect(r.confidence).toBeGreaterThan(0.9);
  });
  it('says no header when a number sits on top of a text column', () => {
    expect(detectHeader(rows('1,Alice\n2,Bob\n3,Carol')).header).toBe(false);
  });
  it('takes distinct names over all-text rows as a header, less surely', () => {
    const r = detectHeader(rows('name,city\nAlice,Paris\nBob,Oslo'));
    expect(r).toEqual({ header: true, confidence: 0.6 });
  });
  it('takes a text first row with duplicates or blanks over all-text rows as data', () => {
    expect(detectHeader(rows('a,a\nb,c\nd,e')).header).toBe(false);
    expect(detectHeader(rows('a,\nb,c\nd,e')).header).toBe(false);
  });
  it('uses fixed-length text columns as weak evidence', () => {
    // A blank header cell alone would make this row data; the fixed-length codes below say header.
    expect(detectHeader(rows('product,\nAB12,Ann\nCD34,Bo\nEF56,Carl')).header).toBe(true);
    expect(detectHeader(rows('AB12,\nCD34,Bo\nEF56,Carl')).header).toBe(false);
  });
  it('judges a header-only file by its cells', () => {
    expect(detectHeader([['id', 'name']]).header).toBe(true);
    expect(detectHeader([['1', '2']]).header).toBe(false);
  });
  it('tolerates a few dirty values in a typed column', () => {
    const body = Array.from({ length: 20 }, (_, i) => `${i},${i % 7 === 3 ? 'n/a' : i * 1.5}`).join('\n');
    expect(detectHeader(rows(`id,score\n${body}`)).header).toBe(true);
  });
});
