// Turns the user's model argument into something loadable: a manifest name (checked against its sha256) or a
// sentence-transformers folder. A bare word is a manifest name first, then a folder in the working directory.

import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { AppError } from '../contract/errors.js';
import { findModelsDir, readManifest, verifyEntryFiles, type ManifestEntry } from './manifest.js';

/** A model to load. */
export type ResolvedModel =
  | { kind: 'lexical'; name: string; path: string; entry: ManifestEntry }
  | { kind: 'folder'; name?: string; dir: string };

const isFolder = (p: string) => existsSync(p) && statSync(p).isDirectory();
const looksLikePath = (s: string) =>
  isAbsolute(s) || s.includes('/') || s.includes('\\') || s.startsWith('.');

/** Finds the model a spec names (default: the manifest's default model). */
export async function resolveModel(model: string | undefined, modelsDir?: string): Promise<ResolvedModel> {
  if (model && looksLikePath(model)) {
    if (!isFolder(model))
      throw new AppError('NOT_FOUND', `Model folder ${model} does not exist.`, { file: model });
    return { kind: 'folder', dir: model };
  }
  const dir = modelsDir ?? findModelsDir();
  const manifest = await readManifest(dir);
  const name = model ?? manifest.default;
  const entry = manifest.models[name];
  if (!entry) {
    if (isFolder(name)) return { kind: 'folder', dir: name };
    throw new AppError('NOT_FOUND', `No model named "${name}".`, {
      hint: `Use one of: ${Object.keys(manifest.models).join(', ')}, or a path to a model folder.`,
    });
  }
  await verifyEntryFiles(dir, name, entry);
  if (entry.kind === 'transformer') return { kind: 'folder', name, dir: join(dir, entry.folder ?? name) };
  const file = entry.files[0];
  if (!file) throw new AppError('MODEL_INVALID', `Model "${name}" lists no file.`);
  return { kind: 'lexical', name, path: join(dir, file.path), entry };
}
