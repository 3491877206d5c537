// embed.models: the bundled models of models/manifest.json, sentence-transformers folders found in the models
// folder, in $SLUICE_HOME/models and in folders the caller names, and whether this machine can use CUDA.

import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openOnnxSession } from '../adapters/onnx.js';
import type { EmbedDeviceInfo, EmbedModelInfo, EmbedModelsList } from '../contract/api-embed.js';
import { findModelsDir, readManifest } from '../embed/manifest.js';
import { sluiceHome } from '../project/paths.js';
import type { EngineContext } from './context.js';

const LEXICAL_NOTE =
  'Lexical: finds near-duplicates and rows sharing words or spelling; it does not understand meaning.';

/** The models folder of this installation (SLUICE_MODELS_DIR overrides, for tests and custom installs). */
export function modelsDir(ctx: EngineContext): string {
  return ctx.env.SLUICE_MODELS_DIR ? resolve(ctx.env.SLUICE_MODELS_DIR) : findModelsDir();
}

const isModelFolder = (dir: string) =>
  existsSync(join(dir, 'tokenizer.json')) &&
  (existsSync(join(dir, 'model.onnx')) || existsSync(join(dir, 'onnx', 'model.onnx')));

/** Sentence-transformers folders directly inside `dir` (and `dir` itself when it is one). */
async function foldersIn(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  if (isModelFolder(dir)) return [dir];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => join(dir, e.name))
    .filter(isModelFolder)
    .sort();
}

// Probed once per engine: opening a CUDA session on the tiny default model is the only reliable test.
const deviceProbes = new WeakMap<EngineContext, Promise<EmbedDeviceInfo[]>>();

async function probeDevices(ctx: EngineContext, lexicalPath: string | undefined): Promise<EmbedDeviceInfo[]> {
  const cpu: EmbedDeviceInfo = { device: 'cpu', available: true };
  if (!lexicalPath) return [cpu, { device: 'cuda', available: false, message: 'No model to probe with.' }];
  const { session, warnings } = await openOnnxSession(lexicalPath, { device: 'cuda', threads: 1 });
  const cuda = session.device === 'cuda';
  await session.close();
  ctx.log.info('embed device probe', { cuda });
  return [
    cpu,
    cuda ? { device: 'cuda', available: true } : { device: 'cuda', available: false, message: warnings[0] },
  ];
}

/** embed.models */
export async function listModels(ctx: EngineContext, dirs: string[] = []): Promise<EmbedModelsList> {
  const dir = modelsDir(ctx);
  const manifest = await readManifest(dir);
  const models: EmbedModelInfo[] = [];
  const seen = new Set<string>();
  let lexicalPath: string | undefined;
  for (const [name, e] of Object.entries(manifest.models)) {
    const path = e.kind === 'lexical' ? join(dir, e.files[0]?.path ?? '') : join(dir, e.folder ?? name);
    if (e.kind === 'lexical') lexicalPath ??= path;
    seen.add(resolve(path));
    models.push({
      name,
      kind: e.kind,
      source: 'bundled',
      path,
      description: e.kind === 'lexical' ? LEXICAL_NOTE : (e.description ?? 'Sentence-transformers model.'),
      dimension: e.dimension,
      isDefault: name === manifest.default,
      semantic: e.kind !== 'lexical',
    });
  }
  const roots = [dir, join(sluiceHome(ctx.env), 'models'), ...dirs.map((d) => resolve(d))];
  for (const root of roots) {
    for (const folder of await foldersIn(root)) {
      if (seen.has(folder)) continue;
      seen.add(folder);
      models.push({
        name: folder,
        kind: 'transformer',
        source: 'folder',
        path: folder,
        description: 'Sentence-transformers ONNX export (semantic similarity).',
        dimension: null,
        isDefault: false,
        semantic: true,
      });
    }
  }
  let devices = deviceProbes.get(ctx);
  if (!devices) {
    devices = probeDevices(ctx, lexicalPath);
    deviceProbes.set(ctx, devices);
    devices.catch(() => deviceProbes.delete(ctx));
  }
  return { models, defaultModel: manifest.default, devices: await devices };
}
