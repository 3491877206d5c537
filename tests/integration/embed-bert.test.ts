// Sentence-transformers folders with a tiny BERT-shaped model of known (seeded) weights: Sluice's vectors —
// tokenized by @huggingface/tokenizers, batched with padding, run by ONNX Runtime, pooled and normalized — must
// equal an independent pure-JS forward pass within 1e-5, for mean and CLS pooling, with and without
// normalization, with truncation, and for the export variants (pooled output, no token_type_ids, int32 inputs).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHfTokenizer } from '../../core/adapters/tokenizer.js';
import { loadEmbedder, type EmbedderSpec } from '../../core/embed/embedder.js';
import { buildBertModel, type BertGraphOptions } from '../../scripts/models/bert-model.js';
import { randomBertWeights, type BertConfig } from '../../scripts/models/bert-weights.js';
import { SPECIAL_TOKENS, wordPieceTokenizerJson, writeStFolder } from '../../scripts/models/st-folder.js';
import { referenceEmbedding } from '../support/embed/bert-reference.js';
import { referenceWordPiece } from '../support/embed/reference-wordpiece.js';

const VOCAB = [
  ...SPECIAL_TOKENS,
  ...['the', 'cat', 'dog', 'sat', 'on', 'mat', 'a', 'big', 'small', 'red', 'blue', 'run', 'play', 'happy'],
  ...['quick', 'brown', 'fox', 'jump', 'over', 'lazy', 'un', '##s', '##ing', '##ed', '##able', '##ly', '##y'],
  ...['.', ',', '!', '?', '-', '1', '2', '3'],
];
const CONFIG: BertConfig = {
  vocabSize: VOCAB.length,
  hidden: 16,
  layers: 2,
  heads: 4,
  intermediate: 32,
  maxPositions: 24,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
};
const WEIGHTS = randomBertWeights(CONFIG, 20240611);
const MAX_SEQ = 12;

const TEXTS = [
  'The cat sat on the mat.',
  'A big red dog',
  'dog',
  'The quick brown fox jumps over the lazy dog, happily running!', // > 12 tokens: truncated
  'Unplayable?',
  'zebra crossing', // unknown words: [UNK]
  'The Small Blue CATS played',
  '',
  'cat cat cat cat cat cat cat cat cat cat cat cat cat cat cat', // truncated
];

const root = mkdtempSync(join(tmpdir(), 'sluice-embed-bert-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
async function folder(
  pooling: 'mean' | 'cls',
  normalize: boolean,
  graph: BertGraphOptions = { tokenTypeInput: true },
  onnxSubfolder = false,
): Promise<string> {
  const dir = join(root, `m${folders++}`);
  await writeStFolder(dir, {
    modelBytes: buildBertModel(WEIGHTS, graph),
    vocab: VOCAB,
    pooling,
    normalize,
    maxSeqLength: MAX_SEQ,
    hidden: CONFIG.hidden,
    maxPositions: CONFIG.maxPositions,
    onnxSubfolder,
  });
  return dir;
}

async function expectMatchesReference(
  spec: EmbedderSpec,
  pooling: 'mean' | 'cls',
  normalize: boolean,
  maxLength = MAX_SEQ,
): Promise<void> {
  const e = await loadEmbedder({ batchSize: 3, ...spec });
  try {
    expect(e.info.dimension).toBe(CONFIG.hidden);
    expect(e.info.normalized).toBe(normalize);
    expect(e.info.maxLength).toBe(maxLength);
    const r = await e.embed(TEXTS);
    let worst = 0;
    TEXTS.forEach((text, i) => {
      const want = referenceEmbedding(
        WEIGHTS,
        referenceWordPiece(text, VOCAB, maxLength),
        pooling,
        normalize,
      );
      for (let d = 0; d < CONFIG.hidden; d++) {
        worst = Math.max(worst, Math.abs(r.vectors[i * CONFIG.hidden + d]! - want[d]!));
      }
    });
    expect(worst).toBeLessThan(1e-5);
    const truncated = TEXTS.filter((t) => referenceWordPiece(t, VOCAB).length > maxLength).length;
    expect(truncated).toBeGreaterThan(0);
    expect(r.truncated).toBe(truncated);
  } finally {
    await e.close();
  }
}

describe('tokenizer adapter', () => {
  it('gives the same ids as a reference WordPiece, with [CLS]/[SEP] kept when truncating', () => {
    const tok = createHfTokenizer(wordPieceTokenizerJson(VOCAB), {});
    for (const text of TEXTS) {
      for (const max of [4, MAX_SEQ, 512]) {
        const got = tok.encode(text, max);
        expect(got.ids).toEqual(referenceWordPiece(text, VOCAB, max));
        expect(got.truncated).toBe(referenceWordPiece(text, VOCAB).length > max);
      }
    }
    expect(tok.specialCount).toBe(2);
    expect(tok.padId).toBe(0);
  });

  it('tokenizes a very long text from its start only, with the same ids as the full text', () => {
    const tok = createHfTokenizer(wordPieceTokenizerJson(VOCAB), {});
    const long = 'the quick brown fox jumps over the lazy dog '.repeat(5000);
    const got = tok.encode(long, 64);
    expect(got.truncated).toBe(true);
    expect(got.ids).toEqual(referenceWordPiece(long, VOCAB, 64));
  });
});

describe('sentence-transformers folder vs the pure-JS forward pass', () => {
  for (const pooling of ['mean', 'cls'] as const) {
    for (const normalize of [false, true]) {
      it(`${pooling} pooling, ${normalize ? 'normalized' : 'not normalized'}`, async () => {
        await expectMatchesReference({ model: await folder(pooling, normalize) }, pooling, normalize);
      });
    }
  }

  it('uses the graph’s own sentence_embedding output (no token_type_ids input, model in onnx/)', async () => {
    const dir = await folder('mean', true, { tokenTypeInput: false, pooledOutput: true }, true);
    await expectMatchesReference({ model: dir }, 'mean', true);
  });

  it('feeds int32 inputs when the model declares them', async () => {
    const dir = await folder('cls', false, { tokenTypeInput: true, int32Inputs: true });
    await expectMatchesReference({ model: dir }, 'cls', false);
  });

  it('applies overrides of pooling, normalization and maximum length', async () => {
    const dir = await folder('mean', false);
    await expectMatchesReference(
      { model: dir, pooling: 'cls', normalize: true, maxLength: 6 },
      'cls',
      true,
      6,
    );
  });

  it('never exceeds the model’s position table, whatever maximum length is asked for', async () => {
    const e = await loadEmbedder({ model: await folder('mean', false), maxLength: 1000 });
    try {
      expect(e.info.maxLength).toBe(CONFIG.maxPositions);
    } finally {
      await e.close();
    }
  });

  it('gives different model ids to different pooling settings of the same files', async () => {
    const dir = await folder('mean', false);
    const a = await loadEmbedder({ model: dir });
    const b = await loadEmbedder({ model: dir, pooling: 'cls' });
    try {
      expect(a.info.modelId).not.toBe(b.info.modelId);
      expect(a.info.kind).toBe('transformer');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('falls back to CPU with a warning when asked for CUDA on a machine without it', async () => {
    const e = await loadEmbedder({ model: await folder('mean', true), device: 'cuda', threads: 1 });
    try {
      if (e.info.device === 'cpu') expect(e.warnings[0]).toMatch(/CUDA is not available/);
      await expectMatchesReference({ model: await folder('mean', true), device: 'cuda' }, 'mean', true);
    } finally {
      await e.close();
    }
  });

  it('refuses a folder without tokenizer.json or model.onnx with MODEL_INVALID', async () => {
    const dir = await folder('mean', false);
    rmSync(join(dir, 'tokenizer.json'));
    await expect(loadEmbedder({ model: dir })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    rmSync(join(dir, 'model.onnx'));
    await expect(loadEmbedder({ model: dir })).rejects.toMatchObject({ code: 'MODEL_INVALID' });
  });
});
