import { describe, expect, it } from 'vitest';
import { LEXICAL_BUCKETS, lexicalFeatures, lexicalHash, lexicalWords } from './lexical-tokenizer.js';

const sumSquares = (w: Float32Array) => w.reduce((s, v) => s + v * v, 0);

describe('lexical tokenizer', () => {
  it('normalizes accents, case and compatibility forms before splitting words', () => {
    expect(lexicalWords('Café CRÈME, ﬁne 42!')).toEqual(['cafe', 'creme', 'fine', '42']);
    expect(lexicalWords('  !!! ?? ')).toEqual(['!!!', '??']);
    expect(lexicalWords('   ')).toEqual([]);
  });

  it('gives the same features for texts that differ only in case, accents and punctuation', () => {
    const a = lexicalFeatures('Crème brûlée — 2 portions');
    const b = lexicalFeatures('creme brulee 2 PORTIONS!!');
    expect([...a.ids]).toEqual([...b.ids]);
    expect([...a.weights]).toEqual([...b.weights]);
  });

  it('weights each group (words, 3-grams) to squared norm 1/2, sorted by bucket', () => {
    const f = lexicalFeatures('the quick brown fox jumps over the lazy dog');
    expect(sumSquares(f.weights)).toBeCloseTo(1, 1);
    expect([...f.ids]).toEqual([...f.ids].sort((x, y) => x - y));
    expect(f.ids.every((id) => id >= 0 && id < LEXICAL_BUCKETS)).toBe(true);
    expect(f.truncated).toBe(false);
  });

  it('counts repeated words sublinearly (1 + ln count)', () => {
    const once = lexicalFeatures('zebra');
    const thrice = lexicalFeatures('zebra zebra zebra');
    expect([...thrice.ids]).toEqual([...once.ids]);
    // One word with 5 grams: after group normalization repetition changes nothing (all features scale alike).
    expect([...thrice.weights]).toEqual([...once.weights]);
    const mixed = lexicalFeatures('zebra zebra zebra lion');
    expect(mixed.ids.length).toBeGreaterThan(once.ids.length);
  });

  it('stops at the feature cap and says the text was truncated', () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x`);
    const f = lexicalFeatures(words.join(' '), 100);
    expect(f.truncated).toBe(true);
    expect(f.ids.length).toBeLessThanOrEqual(100);
    const g = lexicalFeatures(words.slice(0, 5).join(' '), 100);
    expect(g.truncated).toBe(false);
  });

  it('has no features for a blank text', () => {
    const f = lexicalFeatures(' \n\t');
    expect(f.ids.length).toBe(0);
  });

  it('spreads hashes evenly over the buckets', () => {
    const counts = new Uint32Array(LEXICAL_BUCKETS);
    const n = LEXICAL_BUCKETS * 20;
    for (let i = 0; i < n; i++) counts[lexicalHash(`word${i}`, 1) & (LEXICAL_BUCKETS - 1)]!++;
    const max = Math.max(...counts);
    const min = Math.min(...counts);
    // Poisson(20): a bucket outside [1, 50] over 8192 draws would mean a biased hash.
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(50);
  });
});
