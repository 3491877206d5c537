// A BERT-shaped model of realistic size for the benchmark (MiniLM-L6 shape: 6 layers, hidden 384, 12 heads,
// FFN 1536, 30522-token WordPiece vocabulary, 512 positions) with seeded random weights, and a synthetic corpus
// that tokenizes like English product text. Written to a temporary folder; never committed (≈ 90 MB).

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBertModel } from './bert-model.js';
import { randomBertWeights, type BertConfig } from './bert-weights.js';
import { mulberry32 } from './prng.js';
import { SPECIAL_TOKENS, writeStFolder } from './st-folder.js';

/** The benchmark model's shape. */
export const BENCH_BERT: BertConfig = {
  vocabSize: 30522,
  hidden: 384,
  layers: 6,
  heads: 12,
  intermediate: 1536,
  maxPositions: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};

const SYLLABLES =
  'ka ri to mu sen lo va de pin ar el ot us ma ne bi ro ta li co ga fe hu ja zo qui ster blo'.split(' ');

/** A vocabulary: specials, characters, "##" characters, then pseudo-words of 1–3 syllables. */
export function benchVocab(size = BENCH_BERT.vocabSize): string[] {
  const chars = [...'abcdefghijklmnopqrstuvwxyz0123456789.,!?;:-()\'"/&%$'];
  const vocab = new Set<string>([...SPECIAL_TOKENS, ...chars, ...chars.map((c) => `##${c}`)]);
  const next = mulberry32(7);
  const s = () => SYLLABLES[next() % SYLLABLES.length]!;
  while (vocab.size < size) {
    const n = 1 + (next() % 3);
    const word = Array.from({ length: n }, s).join('');
    vocab.add(next() % 4 === 0 ? `##${word}` : word);
  }
  return [...vocab];
}

/** `n` texts of 5–120 words (mostly vocabulary words, some that split into pieces), seeded. */
export function benchTexts(n: number, seed = 11): string[] {
  const next = mulberry32(seed);
  const s = () => SYLLABLES[next() % SYLLABLES.length]!;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const words = 5 + (next() % 116);
    const parts: string[] = [];
    for (let w = 0; w < words; w++) {
      const syl = 1 + (next() % (next() % 5 === 0 ? 6 : 3));
      parts.push(Array.from({ length: syl }, s).join('') + (next() % 12 === 0 ? ',' : ''));
    }
    out.push(`${parts.join(' ')}.`);
  }
  return out;
}

/** Writes the benchmark model folder (default: a fixed folder under the OS temp dir) and returns its path. */
export async function writeBenchBertFolder(dir = join(tmpdir(), 'sluice-bench-bert-384')): Promise<string> {
  const weights = randomBertWeights(BENCH_BERT, 384);
  await writeStFolder(dir, {
    modelBytes: buildBertModel(weights, { tokenTypeInput: true }),
    vocab: benchVocab(),
    pooling: 'mean',
    normalize: true,
    maxSeqLength: 256,
    hidden: BENCH_BERT.hidden,
    maxPositions: BENCH_BERT.maxPositions,
  });
  return dir;
}
