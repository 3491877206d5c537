// Weights of a BERT-shaped encoder, seeded: the same seed gives the same floats everywhere. Matrices are
// row-major [in, out] (what MatMul(x, W) wants). Used by the test suite (tiny models checked against a pure-JS
// forward pass) and by the benchmark (a 6-layer, 384-wide model), never shipped.

import { mulberry32, uniformFloats } from './prng.js';

/** The shape of the encoder. */
export interface BertConfig {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  maxPositions: number;
  typeVocabSize: number;
  layerNormEps: number;
}

/** One encoder layer's parameters. */
export interface BertLayerWeights {
  wq: Float32Array;
  bq: Float32Array;
  wk: Float32Array;
  bk: Float32Array;
  wv: Float32Array;
  bv: Float32Array;
  wo: Float32Array;
  bo: Float32Array;
  ln1g: Float32Array;
  ln1b: Float32Array;
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
  ln2g: Float32Array;
  ln2b: Float32Array;
}

/** All parameters. */
export interface BertWeights {
  config: BertConfig;
  wordEmb: Float32Array;
  posEmb: Float32Array;
  typeEmb: Float32Array;
  embLnG: Float32Array;
  embLnB: Float32Array;
  layers: BertLayerWeights[];
}

/** Seeded weights: matrices uniform in ±1/√fan-in (activations stay O(1)), gammas 1 ± 0.2, biases ± 0.1. */
export function randomBertWeights(config: BertConfig, seed: number): BertWeights {
  const next = mulberry32(seed);
  const { hidden: h, intermediate: f } = config;
  const mat = (rows: number, cols: number) => uniformFloats(next, rows * cols, 1 / Math.sqrt(rows));
  const bias = (n: number) => uniformFloats(next, n, 0.1);
  const gamma = (n: number) => uniformFloats(next, n, 0.2, 1);
  const layers: BertLayerWeights[] = [];
  const wordEmb = uniformFloats(next, config.vocabSize * h, 1);
  const posEmb = uniformFloats(next, config.maxPositions * h, 0.5);
  const typeEmb = uniformFloats(next, config.typeVocabSize * h, 0.5);
  const embLnG = gamma(h);
  const embLnB = bias(h);
  for (let i = 0; i < config.layers; i++) {
    layers.push({
      wq: mat(h, h),
      bq: bias(h),
      wk: mat(h, h),
      bk: bias(h),
      wv: mat(h, h),
      bv: bias(h),
      wo: mat(h, h),
      bo: bias(h),
      ln1g: gamma(h),
      ln1b: bias(h),
      w1: mat(h, f),
      b1: bias(f),
      w2: mat(f, h),
      b2: bias(h),
      ln2g: gamma(h),
      ln2b: bias(h),
    });
  }
  return { config, wordEmb, posEmb, typeEmb, embLnG, embLnB, layers };
}
