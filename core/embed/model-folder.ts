// Reads a sentence-transformers model folder exported to ONNX (BERT, MiniLM, BGE, E5, MPNet…):
//   model.onnx (or onnx/model.onnx), tokenizer.json, tokenizer_config.json, special_tokens_map.json,
//   config.json, modules.json, 1_Pooling/config.json, sentence_bert_config.json.
// Only model.onnx and tokenizer.json are required; the rest refine pooling, normalization and the maximum length,
// with sentence-transformers' own defaults (mean pooling, no normalization, the tokenizer's model_max_length).

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { AppError } from '../contract/errors.js';

/** How token vectors become one text vector. */
export type PoolingMode = 'mean' | 'cls' | 'max' | 'lasttoken';

/** Overrides a caller may set on top of the folder's configuration. */
export interface FolderOverrides {
  pooling?: PoolingMode;
  normalize?: boolean;
  maxLength?: number;
}

/** Everything needed to run the folder's model. */
export interface FolderModel {
  dir: string;
  name: string;
  modelPath: string;
  tokenizerPath: string;
  tokenizerJson: unknown;
  /** tokenizer_config.json merged over special_tokens_map.json. */
  tokenizerConfig: Record<string, unknown>;
  pooling: PoolingMode;
  normalize: boolean;
  maxLength: number;
}

type Json = Record<string, unknown>;

async function readJson(path: string, required: boolean): Promise<Json | undefined> {
  if (!existsSync(path)) {
    if (!required) return undefined;
    throw new AppError('MODEL_INVALID', `The model folder has no ${basename(path)}.`, {
      file: path,
      hint: 'Point Sluice at a sentence-transformers ONNX export (model.onnx + tokenizer.json + configs).',
    });
  }
  try {
    const v: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Json;
  } catch (e) {
    throw new AppError(
      'MODEL_INVALID',
      `Cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`,
      {
        file: path,
      },
    );
  }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The pooling module's folder from modules.json (default 1_Pooling) and whether a Normalize module follows. */
async function readModules(dir: string): Promise<{ poolingDir: string; normalize: boolean }> {
  const path = join(dir, 'modules.json');
  if (!existsSync(path)) return { poolingDir: '1_Pooling', normalize: false };
  let modules: unknown;
  try {
    modules = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new AppError(
      'MODEL_INVALID',
      `Cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`,
      { file: path },
    );
  }
  const list = Array.isArray(modules) ? (modules as Json[]) : [];
  const type = (m: Json) => (typeof m.type === 'string' ? m.type : '');
  const pooling = list.find((m) => type(m).endsWith('.Pooling'));
  return {
    poolingDir: typeof pooling?.path === 'string' ? pooling.path : '1_Pooling',
    normalize: list.some((m) => type(m).endsWith('.Normalize')),
  };
}

function poolingFrom(cfg: Json | undefined, file: string): PoolingMode {
  if (!cfg) return 'mean';
  const modes: [string, PoolingMode | null][] = [
    ['pooling_mode_cls_token', 'cls'],
    ['pooling_mode_mean_tokens', 'mean'],
    ['pooling_mode_max_tokens', 'max'],
    ['pooling_mode_lasttoken', 'lasttoken'],
    ['pooling_mode_mean_sqrt_len_tokens', null],
    ['pooling_mode_weightedmean_tokens', null],
  ];
  const on = modes.filter(([k]) => cfg[k] === true);
  const first = on[0];
  if (on.length !== 1 || !first || first[1] === null) {
    throw new AppError(
      'MODEL_INVALID',
      `Unsupported pooling in ${file}: ${on.map(([k]) => k).join(' + ') || 'none'}.`,
      {
        file,
        hint: 'Sluice pools with exactly one of cls, mean, max or lasttoken; pass a pooling override to choose.',
      },
    );
  }
  return first[1];
}

/** Reads a sentence-transformers ONNX folder. */
export async function readModelFolder(folder: string, overrides: FolderOverrides = {}): Promise<FolderModel> {
  const dir = resolve(folder);
  const modelPath = [join(dir, 'model.onnx'), join(dir, 'onnx', 'model.onnx')].find((p) => existsSync(p));
  if (!modelPath) {
    throw new AppError('MODEL_INVALID', `No model.onnx in ${dir} (nor in its onnx/ folder).`, {
      file: dir,
      hint: 'Export the model to ONNX first (e.g. optimum-cli export onnx --model NAME DIR).',
    });
  }
  const tokenizerPath = join(dir, 'tokenizer.json');
  const tokenizerJson = await readJson(tokenizerPath, true);
  const tokenizerConfig = {
    ...(await readJson(join(dir, 'special_tokens_map.json'), false)),
    ...(await readJson(join(dir, 'tokenizer_config.json'), false)),
  };
  const config = (await readJson(join(dir, 'config.json'), false)) ?? {};
  const stConfig = (await readJson(join(dir, 'sentence_bert_config.json'), false)) ?? {};
  const modules = await readModules(dir);
  const poolingFile = join(dir, modules.poolingDir, 'config.json');
  const pooling = overrides.pooling ?? poolingFrom(await readJson(poolingFile, false), poolingFile);

  // RoBERTa-style models reserve two position ids (padding offset), so 514 positions hold 512 tokens.
  const positions = num(config.max_position_embeddings);
  const offset = ['roberta', 'xlm-roberta', 'camembert', 'mpnet'].includes(String(config.model_type)) ? 2 : 0;
  const positionLimit = positions !== undefined ? positions - offset : undefined;
  const tokMax = num(tokenizerConfig.model_max_length);
  const declared =
    num(stConfig.max_seq_length) ?? (tokMax !== undefined && tokMax < 100_000 ? tokMax : undefined) ?? 512;
  const wanted = overrides.maxLength ?? declared;
  const maxLength = Math.min(wanted, positionLimit ?? wanted);
  if (!Number.isInteger(maxLength) || maxLength < 2) {
    throw new AppError('BAD_USAGE', `Invalid maximum length ${wanted} for ${dir}.`, {
      hint: 'Use at least 2 tokens.',
    });
  }
  return {
    dir,
    name: basename(dir),
    modelPath,
    tokenizerPath,
    tokenizerJson,
    tokenizerConfig,
    pooling,
    normalize: overrides.normalize ?? modules.normalize,
    maxLength,
  };
}
