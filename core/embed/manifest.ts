// models/manifest.json: what each bundled model is, which files it has (with sha256), its declared inputs and
// outputs, dimension, pooling, maximum length and licence. The manifest test checks every entry against its file.

import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../contract/errors.js';

/** How a model turns text into vectors. */
export type ModelKind = 'lexical' | 'transformer';

/** One file of a model, relative to the models folder. */
export interface ManifestFile {
  path: string;
  sha256: string;
  bytes?: number;
}

/** One model of the manifest. */
export interface ManifestEntry {
  kind: ModelKind;
  description?: string;
  /** The ONNX file first; tokenizer and configs after it. */
  files: ManifestFile[];
  /** For 'transformer': the sentence-transformers folder, relative to the models folder. */
  folder?: string;
  /** For 'lexical': the JS feature extractor's name ('sluice-lexical-v1'). */
  tokenizer?: string;
  inputs: string[];
  outputs: string[];
  dimension: number;
  pooling: string;
  normalized: boolean;
  maxSequenceLength: number;
  licence: string;
}

/** The whole manifest. */
export interface Manifest {
  default: string;
  models: Record<string, ManifestEntry>;
}

/** Finds the `models/` folder holding manifest.json, walking up from this module (works from src and dist). */
export function findModelsDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'models', 'manifest.json'))) return join(dir, 'models');
    if (dirname(dir) === dir) {
      throw new AppError('NOT_FOUND', 'Cannot find the models folder (models/manifest.json).', {
        hint: 'Pass modelsDir, or run Sluice from its installation folder.',
      });
    }
  }
}

function invalid(message: string, file: string): AppError {
  return new AppError('MODEL_INVALID', message, {
    file,
    hint: 'Rebuild it with scripts/models, or restore it from git.',
  });
}

/** Reads and checks the shape of models/manifest.json. */
export async function readManifest(modelsDir: string): Promise<Manifest> {
  const file = join(modelsDir, 'manifest.json');
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw invalid(`Cannot read the model manifest: ${e instanceof Error ? e.message : String(e)}`, file);
  }
  const m = data as Partial<Manifest>;
  if (!m || typeof m !== 'object' || typeof m.models !== 'object' || m.models === null) {
    throw invalid('The model manifest has no "models" object.', file);
  }
  for (const [name, e] of Object.entries(m.models)) {
    const ok =
      (e.kind === 'lexical' || e.kind === 'transformer') &&
      Array.isArray(e.files) &&
      e.files.length > 0 &&
      e.files.every((f) => typeof f.path === 'string' && /^[0-9a-f]{64}$/.test(f.sha256)) &&
      Array.isArray(e.inputs) &&
      Array.isArray(e.outputs) &&
      Number.isInteger(e.dimension) &&
      e.dimension > 0 &&
      Number.isInteger(e.maxSequenceLength) &&
      typeof e.licence === 'string' &&
      (e.kind === 'lexical' || typeof e.folder === 'string');
    if (!ok) throw invalid(`Model "${name}" in the manifest is incomplete or malformed.`, file);
  }
  const defaultName = typeof m.default === 'string' ? m.default : Object.keys(m.models)[0];
  if (!defaultName || !m.models[defaultName])
    throw invalid('The manifest names no usable default model.', file);
  return { default: defaultName, models: m.models };
}

/** sha256 of a file, streamed (model files can be hundreds of MB). */
export async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Verifies every file of an entry against its sha256; throws MODEL_INVALID naming the first mismatch. */
export async function verifyEntryFiles(modelsDir: string, name: string, entry: ManifestEntry): Promise<void> {
  for (const f of entry.files) {
    const path = join(modelsDir, f.path);
    if (!existsSync(path)) throw invalid(`Model "${name}": file ${f.path} is missing.`, path);
    const actual = await sha256File(path);
    if (actual !== f.sha256) {
      throw invalid(`Model "${name}": ${f.path} has sha256 ${actual}, the manifest says ${f.sha256}.`, path);
    }
  }
}
