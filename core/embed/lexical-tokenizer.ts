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

const FNV_PRIME = 0x01000193;
const fnvStart = (seed: number) => (0x811c9dc5 ^ seed) >>> 0;
const fnvStep = (h: number, code: number) => Math.imul(h ^ code, FNV_PRIME);

/** murmur3's 32-bit finalizer: spreads FNV's weak low bits over the whole word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit FNV-1a over UTF-16 code units, seeded, finished with fmix32 for good low and high bits. */
export function lexicalHash(s: string, seed: number): number {
  let h = fnvStart(seed);
  for (let i = 0; i < s.length; i++) h = fnvStep(h, s.charCodeAt(i));
  return fmix32(h);
}

/** Normalized words of a text (steps 1–2). */
export function lexicalWords(text: string): string[] {
  const norm = text.normalize('NFKD').replace(MARKS_RE, '').toLowerCase();
  const words = norm.match(WORD_RE);
  if (words) return words;
  return norm.split(/\s+/).filter((w) => w.length > 0);
}

// Distinct features are counted by their 32-bit hash rather than their text (no substring per 3-gram; two features
// of one text sharing all 32 bits is vanishingly rare), in an open-addressing table reused from text to text: a
// Map keyed by such hashes (mostly outside V8's small-integer range), or fresh tables per text, cost several times
// more than the hashing itself.
class HashCounter {
  readonly keys: Uint32Array;
  readonly counts: Uint32Array;
  /** Slots in first-seen order. */
  readonly order: Uint32Array;
  size = 0;
  constructor(capacity: number) {
    let slots = 16;
    while (slots < capacity * 2) slots *= 2;
    this.keys = new Uint32Array(slots);
    this.counts = new Uint32Array(slots);
    this.order = new Uint32Array(capacity);
  }
  /** The slot of h: holding h, or the empty slot where it would go. */
  slot(h: number): number {
    const mask = this.keys.length - 1;
    let i = h & mask;
    while (this.counts[i] !== 0 && this.keys[i] !== h) i = (i + 1) & mask;
    return i;
  }
  /** Empties the table (only the used slots are touched). */
  reset(): void {
    for (let k = 0; k < this.size; k++) this.counts[this.order[k]!] = 0;
    this.size = 0;
  }
}

const LT = 60; // '<'
const GT = 62; // '>'
const GRAM_START = fnvStart(GRAM_SEED);
const WORD_START = fnvStart(WORD_SEED);

// ASCII code → its lower-case code when it is a letter or digit (what \p{L}\p{N} match in ASCII), else 0. For an
// all-ASCII text, NFKD and dropping marks change nothing and lower-casing is A-Z → a-z, so the words can be
// scanned straight from the char codes, with no normalized copy, regex or substring per word.
const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_WORD[c] = c;
for (let c = 97; c <= 122; c++) ASCII_WORD[c] = c;
for (let c = 65; c <= 90; c++) ASCII_WORD[c] = c + 32;

// 1 + ln(count) for small counts (the same Math.log values, looked up): most features occur a few times.
const LOG_TABLE_SIZE = 256;
const ONE_PLUS_LOG = new Float64Array(LOG_TABLE_SIZE);
for (let c = 1; c < LOG_TABLE_SIZE; c++) ONE_PLUS_LOG[c] = 1 + Math.log(c);
const onePlusLog = (c: number) => (c < LOG_TABLE_SIZE ? ONE_PLUS_LOG[c]! : 1 + Math.log(c));

/** A featurizer with its own scratch tables: call it for many texts (one thread at a time). */
export function createLexicalFeaturizer(
  maxFeatures = LEXICAL_MAX_FEATURES,
): (text: string) => LexicalFeatures {
  const words = new HashCounter(maxFeatures);
  const grams = new HashCounter(maxFeatures);
  const sums = new Float64Array(LEXICAL_BUCKETS);
  const touched = new Int32Array(2 * maxFeatures);
  const seen = new Uint32Array(LEXICAL_BUCKETS / 32);
  // The current word as "<word>" code units (grown on demand).
  let padded = new Uint16Array(256);
  let nTouched = 0;
  let truncated = false;

  // A new feature is kept while there is room; the first word that loses one ends the text (truncation).
  const add = (g: HashCounter, h: number) => {
    const slot = g.slot(h);
    if (g.counts[slot] !== 0) g.counts[slot]!++;
    else if (words.size + grams.size < maxFeatures) {
      g.keys[slot] = h;
      g.counts[slot] = 1;
      g.order[g.size++] = slot;
    } else truncated = true;
  };
  const room = (len: number) => {
    if (padded.length < len + 2) padded = new Uint16Array(Math.max(len + 2, padded.length * 2));
  };
  // The word in padded[1..len] (padded[0] is '<'): its word feature, then the 3-grams of "<word>".
  const addWord = (wordHash: number, len: number) => {
    add(words, fmix32(wordHash));
    padded[0] = LT;
    padded[len + 1] = GT;
    const n = len + 2;
    for (let i = 0; i + 3 <= n; i++) {
      let h = fnvStep(GRAM_START, padded[i]!);
      h = fnvStep(h, padded[i + 1]!);
      add(grams, fmix32(fnvStep(h, padded[i + 2]!)));
    }
  };
  // Any text: the normalized words of lexicalWords (steps 1–2).
  const general = (text: string) => {
    for (const word of lexicalWords(text)) {
      room(word.length);
      let h = WORD_START;
      for (let j = 0; j < word.length; j++) {
        const c = word.charCodeAt(j);
        padded[j + 1] = c;
        h = fnvStep(h, c);
      }
      addWord(h, word.length);
      if (truncated) break;
    }
  };
  // An all-ASCII text straight from its char codes; false (nothing added) when it is not one or has no word.
  const ascii = (text: string): boolean => {
    const n = text.length;
    for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 127) return false;
    room(n);
    let found = false;
    let i = 0;
    while (i < n) {
      let c = ASCII_WORD[text.charCodeAt(i)]!;
      if (c === 0) {
        i++;
        continue;
      }
      found = true;
      let len = 0;
      let h = WORD_START;
      while (c !== 0) {
        padded[++len] = c;
        h = fnvStep(h, c);
        if (++i === n) break;
        c = ASCII_WORD[text.charCodeAt(i)]!;
      }
      addWord(h, len);
      if (truncated) break;
    }
    return found;
  };
  // Group weights: 1 + ln(count), scaled so the group's squared norm is 1/2; summed per bucket with the sign bit.
  const addGroup = (g: HashCounter) => {
    let norm = 0;
    for (let k = 0; k < g.size; k++) norm += onePlusLog(g.counts[g.order[k]!]!) ** 2;
    if (norm === 0) return;
    const scale = Math.SQRT1_2 / Math.sqrt(norm);
    for (let k = 0; k < g.size; k++) {
      const slot = g.order[k]!;
      const h = g.keys[slot]!;
      const v = onePlusLog(g.counts[slot]!) * scale;
      const bucket = h & (LEXICAL_BUCKETS - 1);
      if (sums[bucket] === 0) touched[nTouched++] = bucket;
      sums[bucket] = sums[bucket]! + (h >>> 31 ? -v : v);
    }
  };

  return (text) => {
    words.reset();
    grams.reset();
    truncated = false;
    if (!ascii(text)) general(text);
    nTouched = 0;
    addGroup(words);
    addGroup(grams);
    // Buckets in ascending order from a bitmap (8192 bits): cheaper than sorting, and it dedupes a bucket whose
    // sum came back to exactly 0 and was listed twice. Plain loops: typed-array callbacks cost more than hashing.
    for (let i = 0; i < nTouched; i++) {
      const b = touched[i]!;
      seen[b >>> 5] = seen[b >>> 5]! | (1 << (b & 31));
    }
    const ids = new Int32Array(nTouched);
    const weights = new Float32Array(nTouched);
    let m = 0;
    for (let w = 0; w < seen.length; w++) {
      let bits = seen[w]!;
      if (bits === 0) continue;
      seen[w] = 0;
      while (bits !== 0) {
        const low = bits & -bits;
        const id = (w << 5) | (31 - Math.clz32(low));
        bits ^= low;
        ids[m] = id;
        weights[m++] = sums[id]!;
        sums[id] = 0;
      }
    }
    return m === nTouched
      ? { ids, weights, truncated }
      : { ids: ids.slice(0, m), weights: weights.slice(0, m), truncated };
  };
}

/** Turns one text into lexical features (see the file comment for the exact rules). */
export function lexicalFeatures(text: string, maxFeatures = LEXICAL_MAX_FEATURES): LexicalFeatures {
  return createLexicalFeaturizer(maxFeatures)(text);
}
