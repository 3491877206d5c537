// The piece both model kinds share: texts → per-text inputs → batches sorted by length (less padding) →
// vectors back in input order. A Runner knows one model kind; `runSorted` does the batching.

import type { OnnxFeed } from '../adapters/onnx.js';
import { AppError } from '../contract/errors.js';

/** One text prepared for the model. */
export interface PreparedText {
  /** Sequence length (tokens or features): what padding is sized by. */
  length: number;
  truncated: boolean;
}

/** One model kind's preparation and batch inference. */
export interface Runner<P extends PreparedText> {
  dimension: number;
  prepare(text: string): P;
  /** The padded input tensors of a batch (exposed so a benchmark can time the bare session on the same inputs). */
  feeds(batch: readonly P[]): Record<string, OnnxFeed>;
  /** The outputs `run` reads. */
  outputNames: string[];
  /** Vectors [batch.length, dimension] for the batch, in the batch's order. */
  run(batch: readonly P[]): Promise<Float32Array>;
  close(): Promise<void>;
}

/** Vectors for many texts, in input order, plus what the caller reports. */
export interface BatchEmbedding {
  /** Row-major [count, dimension]. */
  vectors: Float32Array;
  count: number;
  dimension: number;
  /** Texts cut at the model's maximum length. */
  truncated: number;
  /** Sum of sequence lengths (tokens or features) actually fed. */
  tokens: number;
}

/** Prepares every text, runs batches longest first, and scatters the vectors back to input order. */
export async function runSorted<P extends PreparedText>(
  runner: Runner<P>,
  texts: readonly string[],
  batchSize: number,
  signal?: AbortSignal,
): Promise<BatchEmbedding> {
  const dim = runner.dimension;
  const prepared = texts.map((t) => runner.prepare(t));
  const order = prepared
    .map((_, i) => i)
    .sort((a, b) => (prepared[b]?.length ?? 0) - (prepared[a]?.length ?? 0) || a - b);
  const vectors = new Float32Array(texts.length * dim);
  let truncated = 0;
  let tokens = 0;
  for (const p of prepared) {
    if (p.truncated) truncated++;
    tokens += p.length;
  }
  for (let start = 0; start < order.length; start += batchSize) {
    if (signal?.aborted) throw new AppError('CANCELLED', 'Embedding cancelled.');
    const idx = order.slice(start, start + batchSize);
    const out = await runner.run(idx.map((i) => prepared[i] as P));
    if (out.length !== idx.length * dim) {
      throw new AppError(
        'MODEL_INVALID',
        `The model returned ${out.length} values for ${idx.length}×${dim}.`,
      );
    }
    idx.forEach((i, k) => vectors.set(out.subarray(k * dim, (k + 1) * dim), i * dim));
  }
  return { vectors, count: texts.length, dimension: dim, truncated, tokens };
}
