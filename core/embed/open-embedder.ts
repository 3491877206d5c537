// A model ready for embedColumn, loaded either in this thread or in the worker pool. With a pool, each call's
// texts are split across the pool's threads (each worker keeps its own copy of the model warm, see
// embed-task.ts), so tokenizing/featurizing and inference of one chunk run on every core at once instead of
// one JS thread feeding ONNX Runtime.

import { availableParallelism } from 'node:os';
import { AppError } from '../contract/errors.js';
import type { TaskPool } from '../pipeline/task-pool.js';
import type { ColumnEmbedder } from './embed-column.js';
import { loadEmbedder, type BatchEmbedding, type EmbedderInfo, type EmbedderSpec } from './embedder.js';
import type { EmbedTaskInput, EmbedTaskOutput } from './embed-task.js';

/** A loaded model: what embedColumn needs, plus what to tell the user, and a close. */
export interface OpenedEmbedder extends ColumnEmbedder {
  info: EmbedderInfo;
  warnings: string[];
  close(): Promise<void>;
}

/** Fewest texts worth a trip to another thread (below this one worker does the whole call). */
const MIN_TEXTS_PER_WORKER = 64;

/** Joins per-part results back into one, in order. */
export function concatEmbeddings(parts: readonly BatchEmbedding[], dimension: number): BatchEmbedding {
  // One part (one worker, or a small call): no copy of its vectors (a chunk's are megabytes).
  if (parts.length === 1 && parts[0]!.dimension === dimension) return parts[0]!;
  const count = parts.reduce((n, p) => n + p.count, 0);
  const vectors = new Float32Array(count * dimension);
  let at = 0;
  for (const p of parts) {
    vectors.set(p.vectors, at);
    at += p.vectors.length;
  }
  return {
    vectors,
    count,
    dimension,
    truncated: parts.reduce((n, p) => n + p.truncated, 0),
    tokens: parts.reduce((n, p) => n + p.tokens, 0),
  };
}

/** Splits texts into at most `parts` contiguous slices of at least `min` texts. */
export function splitTexts(texts: readonly string[], parts: number, min = MIN_TEXTS_PER_WORKER): string[][] {
  const n = Math.max(1, Math.min(parts, Math.floor(texts.length / min)));
  const size = Math.ceil(texts.length / n);
  const out: string[][] = [];
  for (let i = 0; i < texts.length; i += size) out.push(texts.slice(i, i + size));
  return out.length > 0 ? out : [[]];
}

/** Loads the model in this thread. */
export async function openLocalEmbedder(spec: EmbedderSpec): Promise<OpenedEmbedder> {
  const e = await loadEmbedder(spec);
  return {
    info: e.info,
    warnings: e.warnings,
    embed: (t, signal) => e.embed(t, signal),
    close: () => e.close(),
  };
}

/**
 * Loads the model in the pool's workers. Unless the spec names a thread count, each worker's ONNX Runtime
 * gets an equal share of the cores, so the workers together do not oversubscribe the machine.
 */
export async function openPooledEmbedder(
  pool: TaskPool,
  spec: EmbedderSpec,
  signal?: AbortSignal,
): Promise<OpenedEmbedder> {
  const workers = Math.max(1, pool.threads);
  const threads = spec.threads ?? Math.max(1, Math.floor(availableParallelism() / workers));
  const workerSpec: EmbedderSpec = { ...spec, threads };
  const run = (texts: string[], s?: AbortSignal) =>
    pool.run<EmbedTaskOutput>('embed', { spec: workerSpec, texts } satisfies EmbedTaskInput, {
      signal: s,
    });
  const described = await run([], signal);
  const { info, warnings } = described;
  return {
    info,
    warnings,
    async embed(texts, s) {
      const parts = await Promise.all(splitTexts(texts, workers).map((p) => run(p, s)));
      for (const p of parts) {
        if (p.info.modelId !== info.modelId) {
          throw new AppError('INTERNAL', `A worker loaded ${p.info.modelId}, not ${info.modelId}.`);
        }
      }
      return concatEmbeddings(
        parts.map((p) => p.result),
        info.dimension,
      );
    },
    // The workers keep their models until the pool retires the thread (idle timeout) or closes.
    close: async () => {},
  };
}

/** The pool's embedder when there is a pool, else one in this thread. */
export function openEmbedder(
  spec: EmbedderSpec,
  pool?: TaskPool,
  signal?: AbortSignal,
): Promise<OpenedEmbedder> {
  return pool ? openPooledEmbedder(pool, spec, signal) : openLocalEmbedder(spec);
}
