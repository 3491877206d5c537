// The "tokenizer" of the default lexical model (models/lexical-hash-384.onnx). It runs in JS and turns a text
// into a short list of (bucket id, weight) pairs; the ONNX graph then sums the buckets' rows of a fixed
// seeded ±1/0 projection with those weights and L2-normalizes. Cosine of two such vectors ≈ ½·cosine of their
// word counts + ½·cosine of their character 3-gram counts: shared vocabulary and near-duplicate spelling,
// not meaning. Everything here is deterministic and versioned by LEXICAL_FEATURES_VERSION:
//   1. Normalize: NFKD, drop combining marks (é → e), lower-case.
//   2. Words: runs of letters/digits (\p{L}\p{N}); a text with none uses its whitespace-separated pieces.
//   3. Features: each word ("w" seed) and each 3-gram of "<word>" ("c" seed; "a" gives "<a>").
//   4. Hash: FNV-1a over UTF-16 code units with the seed, then murmur3's fmix32; the low 13 bits are the bucket,
//      the top bit the sign (a signed hashing trick, so colliding features cancel instead of piling up).
//   5. Weight per distinct feature: 1 + ln(count); each group (words, 3-grams) scaled to L2 norm √½.
//   6. At most LEXICAL_MAX_FEATURES distinct features: later words are dropped and the text counts as truncated.

/** Number of hash buckets (rows of the projection). */
export const LEXICAL_BUCKETS = 8192;
/** Output dimension of the lexical model. */
export const LEXICAL_DIM = 384;
/** Cap on distinct features per text (the model's "max sequence length"). */
export const LEXICAL_MAX_FEATURES = 1024;
/** Bumped whenever the feature rules change (part of the model id, so caches do not mix versions). */
export const LEXICAL_FEATURES_VERSION = 1;

const WORD_SEED = 0x9747b28c;
const GRAM_SEED = 0x85ebca6b;
const WORD_RE = /[\p{L}\p{N}]+/gu;
const MARKS_RE = /\p{M}+/gu;

/** Features of one text: bucket ids with their (signed) weights, sorted by bucket. */
export interface LexicalFeatures {
  ids: Int32Array;
  weights: Float32Array;
  truncated: boolean;
}

/** 32-bit FNV-1a over UTF-16 code units, seeded, finished with fmix32 for good low and high bits. */
export function lexicalHash(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Normalized words of a text (steps 1–2). */
export function lexicalWords(text: string): string[] {
  const norm = text.normalize('NFKD').replace(MARKS_RE, '').toLowerCase();
  const words = norm.match(WORD_RE);
  if (words) return words;
  return norm.split(/\s+/).filter((w) => w.length > 0);
}

function addGroup(counts: Map<string, number>, seed: number, into: Map<number, number>): void {
  let norm = 0;
  const w = new Map<string, number>();
  for (const [f, c] of counts) {
    const v = 1 + Math.log(c);
    w.set(f, v);
    norm += v * v;
  }
  if (norm === 0) return;
  const scale = Math.SQRT1_2 / Math.sqrt(norm);
  for (const [f, v] of w) {
    const h = lexicalHash(f, seed);
    const bucket = h & (LEXICAL_BUCKETS - 1);
    const signed = h >>> 31 ? -v * scale : v * scale;
    into.set(bucket, (into.get(bucket) ?? 0) + signed);
  }
}

/** Turns a text into lexical features (see the file comment for the exact rules). */
export function lexicalFeatures(text: string, maxFeatures = LEXICAL_MAX_FEATURES): LexicalFeatures {
  const words = new Map<string, number>();
  const grams = new Map<string, number>();
  let truncated = false;
  // A new feature is kept while there is room; the first word that loses one ends the text (truncation).
  const add = (m: Map<string, number>, f: string) => {
    const c = m.get(f);
    if (c !== undefined) m.set(f, c + 1);
    else if (words.size + grams.size < maxFeatures) m.set(f, 1);
    else truncated = true;
  };
  for (const word of lexicalWords(text)) {
    add(words, word);
    const padded = `<${word}>`;
    for (let i = 0; i + 3 <= padded.length; i++) add(grams, padded.slice(i, i + 3));
    if (truncated) break;
  }
  const buckets = new Map<number, number>();
  addGroup(words, WORD_SEED, buckets);
  addGroup(grams, GRAM_SEED, buckets);
  const ids = Int32Array.from(buckets.keys()).sort();
  const weights = Float32Array.from(ids, (id) => buckets.get(id) ?? 0);
  return { ids, weights, truncated };
}
