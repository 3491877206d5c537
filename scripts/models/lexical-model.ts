// The default lexical model as an ONNX graph: a weighted sum of rows of a fixed seeded ternary projection
// (Achlioptas: +1 / −1 with probability 1/6 each, else 0; stored as int8 to keep the file at 3 MiB), then
// L2 normalization. Its "tokenizer" is core/embed/lexical-tokenizer.ts. Built only from integer PRNG output,
// so every build gives the same bytes.

import {
  LEXICAL_BUCKETS,
  LEXICAL_DIM,
  LEXICAL_FEATURES_VERSION,
} from '../../core/embed/lexical-tokenizer.js';
import { DType, encodeModel, floatConst, int64Tensor, int8Tensor, node, valueInfo } from './onnx-builder.js';
import { mulberry32 } from './prng.js';

/** The seed of the projection; changing it changes every vector (and the model's sha256). */
export const LEXICAL_PROJECTION_SEED = 0x5105ce;

/** The seeded ternary projection, row-major [LEXICAL_BUCKETS, LEXICAL_DIM]. */
export function lexicalProjection(): Int8Array {
  const next = mulberry32(LEXICAL_PROJECTION_SEED);
  const out = new Int8Array(LEXICAL_BUCKETS * LEXICAL_DIM);
  for (let i = 0; i < out.length; i++) {
    const r = next() % 6;
    out[i] = r === 0 ? 1 : r === 1 ? -1 : 0;
  }
  return out;
}

/** The model file's bytes. Inputs: bucket_ids int64 [batch, features], weights float [batch, features]. */
export function buildLexicalModel(): Uint8Array {
  return encodeModel({
    name: 'sluice_lexical_hash_384',
    doc:
      'Sluice default lexical embedding: hashed word unigrams and character 3-grams (computed in JS by ' +
      'core/embed/lexical-tokenizer.ts) times a fixed seeded ternary projection, L2-normalized. ' +
      'Similarity of vocabulary and spelling, not of meaning.',
    metadata: {
      buckets: String(LEXICAL_BUCKETS),
      dimension: String(LEXICAL_DIM),
      seed: String(LEXICAL_PROJECTION_SEED),
      features_version: String(LEXICAL_FEATURES_VERSION),
    },
    inputs: [
      valueInfo('bucket_ids', DType.INT64, ['batch', 'features']),
      valueInfo('weights', DType.FLOAT, ['batch', 'features']),
    ],
    outputs: [valueInfo('sentence_embedding', DType.FLOAT, ['batch', LEXICAL_DIM])],
    initializers: [
      int8Tensor('projection', [LEXICAL_BUCKETS, LEXICAL_DIM], lexicalProjection()),
      int64Tensor('axis1', [1], [1]),
      int64Tensor('axis_last', [1], [-1]),
      floatConst('eps', [1e-12]),
    ],
    nodes: [
      node('Gather', ['projection', 'bucket_ids'], ['rows_i8'], { axis: 0 }),
      node('Cast', ['rows_i8'], ['rows'], { to: DType.FLOAT }),
      node('Unsqueeze', ['weights', 'axis1'], ['weights_row']),
      node('MatMul', ['weights_row', 'rows'], ['summed_row']),
      node('Squeeze', ['summed_row', 'axis1'], ['summed']),
      node('Mul', ['summed', 'summed'], ['squares']),
      node('ReduceSum', ['squares', 'axis_last'], ['sum_squares'], { keepdims: 1 }),
      node('Sqrt', ['sum_squares'], ['norm']),
      node('Max', ['norm', 'eps'], ['norm_safe']),
      node('Div', ['summed', 'norm_safe'], ['sentence_embedding']),
    ],
  });
}
