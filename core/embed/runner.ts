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

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * An int64 tensor filled from non-negative integers below 2^31 without a BigInt per element (several times faster):
 * each value goes into the low 32-bit word of its little-endian int64, the high word stays 0.
 */
export function int64From(values: ArrayLike<number>): BigInt64Array {
  const out = new BigInt64Array(values.length);
  if (!LITTLE_ENDIAN) {
    for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]!);
    return out;
  }
  const words = new Int32Array(out.buffer);
  for (let i = 0; i < values.length; i++) words[2 * i] = values[i]!;
  return out;
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

/**
 * Runs batches longest first (by characters, a close proxy for tokens or features that needs no tokenizing up
 * front) and scatters the vectors back to input order. Each batch is prepared just before it runs, so a chunk's
 * prepared inputs never all sit in memory at once. (onnxruntime-node's run() is a promise but executes on the
 * JS thread, in a setImmediate: preparation and inference only overlap across worker threads, which is what
 * the pooled embedder in open-embedder.ts is for.)
 */
export async function runSorted<P extends PreparedText>(
  runner: Runner<P>,
  texts: readonly string[],
  batchSize: number,
  signal?: AbortSignal,
): Promise<BatchEmbedding> {
  const dim = runner.dimension;
  const order = texts
    .map((_, i) => i)
    .sort((a, b) => (texts[b]?.length ?? 0) - (texts[a]?.length ?? 0) || a - b);
  const vectors = new Float32Array(texts.length * dim);
  let truncated = 0;
  let tokens = 0;
  const scatter = (idx: readonly number[], out: Float32Array) => {
    if (out.length !== idx.length * dim) {
      throw new AppError(
        'MODEL_INVALID',
        `The model returned ${out.length} values for ${idx.length}×${dim}.`,
      );
    }
    idx.forEach((i, k) => vectors.set(out.subarray(k * dim, (k + 1) * dim), i * dim));
  };
  let inFlight: { idx: number[]; out: Promise<Float32Array> } | undefined;
  try {
    for (let start = 0; start < order.length; start += batchSize) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'Embedding cancelled.');
      const idx = order.slice(start, start + batchSize);
      const batch = idx.map((i) => runner.prepare(texts[i] ?? ''));
      for (const p of batch) {
        if (p.truncated) truncated++;
        tokens += p.length;
      }
      if (inFlight) scatter(inFlight.idx, await inFlight.out);
      inFlight = { idx, out: runner.run(batch) };
    }
    if (inFlight) scatter(inFlight.idx, await inFlight.out);
  } catch (e) {
    // A batch still running must not end as an unhandled rejection.
    await inFlight?.out.catch(() => undefined);
    throw e;
  }
  return { vectors, count: texts.length, dimension: dim, truncated, tokens };
}
