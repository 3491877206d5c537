// Loads a model (a manifest name or a sentence-transformers folder) and embeds texts: texts in, Float32Array
// out. Nothing here touches DuckDB, so a worker thread (piscina task) can hold an Embedder and call `embed`.

import { createHash } from 'node:crypto';
import { openOnnxSession, type OnnxDevice } from '../adapters/onnx.js';
import { createHfTokenizer } from '../adapters/tokenizer.js';
import { AppError } from '../contract/errors.js';
import { LEXICAL_FEATURES_VERSION } from './lexical-tokenizer.js';
import { lexicalRunner } from './lexical-runner.js';
import { sha256File, type ModelKind } from './manifest.js';
import { readModelFolder, type PoolingMode } from './model-folder.js';
import { runSorted, type BatchEmbedding, type PreparedText, type Runner } from './runner.js';
import { resolveModel } from './resolve-model.js';
import { transformerRunner } from './transformer-runner.js';

export type { BatchEmbedding } from './runner.js';

/** What to load and how to run it; plain data, so it can be sent to a worker thread. */
export interface EmbedderSpec {
  /** A name from models/manifest.json (default: the manifest's default) or a model folder path. */
  model?: string;
  /** Where manifest.json lives (default: found by walking up from this module). */
  modelsDir?: string;
  device?: OnnxDevice;
  /** ONNX Runtime intra-op threads (default: its own choice). */
  threads?: number;
  /**
   * Texts per inference call. Default 8 on CPU: on the benchmark machine larger batches of length-sorted texts
   * cost more CPU per text (bigger activations, more cache misses); 64 on CUDA (not measured here).
   */
  batchSize?: number;
  /** Folder models: override the pooling, normalization or maximum length of the folder's config. */
  pooling?: PoolingMode;
  normalize?: boolean;
  maxLength?: number;
}

/** What was loaded. */
export interface EmbedderInfo {
  /** Name plus a hash of the files and settings: vectors from different ids never mix in a cache. */
  modelId: string;
  name: string;
  kind: ModelKind;
  dimension: number;
  maxLength: number;
  normalized: boolean;
  pooling: string;
  device: OnnxDevice;
  requestedDevice: OnnxDevice;
  threads: number | null;
  batchSize: number;
}

/** A loaded model. */
export interface Embedder {
  info: EmbedderInfo;
  /** Things to tell the user, e.g. that CUDA was asked for but CPU is used. */
  warnings: string[];
  /** Vectors for the texts, in input order. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<BatchEmbedding>;
  close(): Promise<void>;
}

const shortHash = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 16);

/** Loads the model the spec names and probes it once (dimension, output shape). */
export async function loadEmbedder(spec: EmbedderSpec = {}): Promise<Embedder> {
  const asked = spec.batchSize;
  if (asked !== undefined && (!Number.isInteger(asked) || asked < 1)) {
    throw new AppError('BAD_USAGE', `Invalid batch size ${asked}.`, {
      hint: 'Use a whole number of at least 1.',
    });
  }
  const device = spec.device ?? 'cpu';
  const opts = { device, ...(spec.threads ? { threads: spec.threads } : {}) };
  const common = { requestedDevice: device, threads: spec.threads ?? null };
  const batchSize = (used: OnnxDevice) => asked ?? (used === 'cuda' ? 64 : 8);
  const model = await resolveModel(spec.model, spec.modelsDir);

  if (model.kind === 'lexical') {
    const { entry, name } = model;
    const { session, warnings } = await openOnnxSession(model.path, { ...opts, label: name });
    const runner = lexicalRunner(session, entry.dimension, entry.maxSequenceLength);
    const sha = entry.files[0]?.sha256 ?? '';
    const info: EmbedderInfo = {
      ...common,
      modelId: `${name}@${sha.slice(0, 12)}.f${LEXICAL_FEATURES_VERSION}`,
      name,
      kind: 'lexical',
      dimension: entry.dimension,
      maxLength: entry.maxSequenceLength,
      normalized: entry.normalized,
      pooling: entry.pooling,
      device: session.device,
      batchSize: batchSize(session.device),
    };
    return finish(runner, info, warnings);
  }

  const f = await readModelFolder(model.dir, spec);
  const tokenizer = createHfTokenizer(f.tokenizerJson, f.tokenizerConfig, f.tokenizerPath);
  const { session, warnings } = await openOnnxSession(f.modelPath, { ...opts, label: f.modelPath });
  const settings = {
    tokenizer,
    pooling: f.pooling,
    normalize: f.normalize,
    maxLength: f.maxLength,
    label: f.name,
  };
  // The dimension is whatever the model returns: probe once (this also proves the model runs).
  const probe = transformerRunner(session, settings, 1);
  const dimension = (await probe.run([probe.prepare('probe')])).length;
  const runner = transformerRunner(session, settings, dimension);
  const files = await Promise.all([sha256File(f.modelPath), sha256File(f.tokenizerPath)]);
  const name = model.name ?? f.name;
  const info: EmbedderInfo = {
    ...common,
    modelId: `${name}@${shortHash(...files, f.pooling, String(f.normalize), String(f.maxLength))}`,
    name,
    kind: 'transformer',
    dimension,
    maxLength: f.maxLength,
    normalized: f.normalize,
    pooling: f.pooling,
    device: session.device,
    batchSize: batchSize(session.device),
  };
  return finish(runner, info, warnings);
}

function finish<P extends PreparedText>(runner: Runner<P>, info: EmbedderInfo, warnings: string[]): Embedder {
  return {
    info,
    warnings,
    embed: (texts, signal) => runSorted(runner, texts, info.batchSize, signal),
    close: () => runner.close(),
  };
}
