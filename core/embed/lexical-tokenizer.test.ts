import { describe, expect, it } from 'vitest';
import {
  LEXICAL_BUCKETS,
  createLexicalFeaturizer,
  lexicalFeatures,
  lexicalHash,
  lexicalWords,
} from './lexical-tokenizer.js';

/**
 * The rules of the file comment written out the slow, obvious way (a Map of feature strings, lexicalWords, no
 * scratch tables): the fast featurizer must give exactly these ids and float32 weights.
 */
function referenceFeatures(text: string, maxFeatures: number) {
  const groups = [new Map<string, { h: number; n: number }>(), new Map<string, { h: number; n: number }>()];
  let truncated = false;
  const add = (g: number, key: string, seed: number) => {
    const h = lexicalHash(key, seed);
    // Features are told apart by their 32-bit hash, as in the featurizer.
    const id = String(h);
    const e = groups[g]!.get(id);
    if (e) e.n++;
    else if (groups[0]!.size + groups[1]!.size < maxFeatures) groups[g]!.set(id, { h, n: 1 });
    else truncated = true;
  };
  for (const word of lexicalWords(text)) {
    add(0, word, 0x9747b28c);
    const padded = `<${word}>`;
    for (let i = 0; i + 3 <= padded.length; i++) add(1, padded.slice(i, i + 3), 0x85ebca6b);
    if (truncated) break;
  }
  const sums = new Map<number, number>();
  for (const g of groups) {
    let norm = 0;
    for (const { n } of g.values()) norm += (1 + Math.log(n)) ** 2;
    if (norm === 0) continue;
    const scale = Math.SQRT1_2 / Math.sqrt(norm);
    for (const { h, n } of g.values()) {
      const v = (1 + Math.log(n)) * scale;
      const b = h & (LEXICAL_BUCKETS - 1);
      sums.set(b, (sums.get(b) ?? 0) + (h >>> 31 ? -v : v));
    }
  }
  const ids = [...sums.keys()].sort((a, b) => a - b);
  return { ids, weights: [...new Float32Array(ids.map((b) => sums.get(b)!))], truncated };
}

/** Seeded texts: every other one plain ASCII (words, digits, case, punctuation), the rest with accents,
 * ligatures, combining marks and other scripts too. */
function randomTexts(n: number): string[] {
  let s = 12345;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 8;
  const ascii = [
    'Zebra',
    'zebra',
    'ZEBRA',
    'a',
    'bc',
    '42',
    'x1',
    ',',
    '.',
    '!!',
    ' - ',
    '\t',
    '\n',
    'the',
    'quick',
    'Brown',
    'fox',
    'A_B',
    "it's",
    '~',
    '@home',
    'z9Z',
  ];
  const other = [...ascii, 'crème', 'ﬁne', 'Straße', 'ǅ', 'Ωmega', '東京', '\u0301'];
  return Array.from({ length: n }, (_, i) => {
    const pieces = i % 2 === 0 ? ascii : other;
    const sep = next() % 3 ? ' ' : '';
    return Array.from({ length: next() % 40 }, () => pieces[next() % pieces.length]).join(sep);
  });
}

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

  it('gives exactly the features of the rules written out plainly, for ASCII and other texts', () => {
    const featurize = createLexicalFeaturizer(60);
    const texts = [...randomTexts(400), '', '  !!! ?? ', 'x'.repeat(3000), 'ab'.repeat(500)];
    for (const text of texts) {
      const f = featurize(text);
      const want = referenceFeatures(text, 60);
      expect({ ids: [...f.ids], weights: [...f.weights], truncated: f.truncated }).toEqual(want);
    }
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
