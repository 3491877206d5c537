// Runs a sentence-transformers ONNX export: feeds only the inputs the session declares (input_ids,
// attention_mask, token_type_ids, position_ids; int64 or int32 as declared), takes `sentence_embedding` when the
// graph pools itself, otherwise pools `last_hidden_state` (or `token_embeddings`) per the folder's config.

import type { OnnxFeed, OnnxSession, OnnxValueInfo } from '../adapters/onnx.js';
import type { TextTokenizer } from '../adapters/tokenizer.js';
import { AppError } from '../contract/errors.js';
import type { PoolingMode } from './model-folder.js';
import { l2NormalizeRows, poolTokens } from './pooling.js';
import { int64From, type PreparedText, type Runner } from './runner.js';

type Prepared = PreparedText & { ids: number[] };

const KNOWN_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids'];

/** Settings of a transformer runner. */
export interface TransformerSettings {
  tokenizer: TextTokenizer;
  pooling: PoolingMode;
  normalize: boolean;
  maxLength: number;
  label: string;
}

/** Which output to read: the graph's own pooled vector when it has one, else token vectors to pool. */
export function pickOutput(outputs: readonly OnnxValueInfo[]): { name: string; pooled: boolean } {
  const byName = (n: string) => outputs.find((o) => o.name === n);
  const pooled = byName('sentence_embedding');
  if (pooled) return { name: pooled.name, pooled: true };
  const tokens =
    byName('last_hidden_state') ?? byName('token_embeddings') ?? outputs.find((o) => o.shape.length === 3);
  if (!tokens)
    throw new AppError('MODEL_INVALID', 'The model has no sentence_embedding or last_hidden_state output.');
  return { name: tokens.name, pooled: false };
}

function intFeed(type: string, values: ArrayLike<number>, dims: number[]): OnnxFeed {
  return type === 'int32'
    ? { type: 'int32', data: Int32Array.from(values), dims }
    : { type: 'int64', data: int64From(values), dims };
}

/** A Runner over an open transformer session; `dimension` comes from a probe run by the caller. */
export function transformerRunner(
  session: OnnxSession,
  s: TransformerSettings,
  dimension: number,
): Runner<Prepared> {
  const inputs = new Map(session.inputs.map((i) => [i.name, i.type]));
  const unknown = [...inputs.keys()].filter((n) => !KNOWN_INPUTS.includes(n));
  if (!inputs.has('input_ids') || unknown.length > 0) {
    throw new AppError('MODEL_INVALID', `${s.label}: unsupported inputs ${[...inputs.keys()].join(', ')}.`, {
      hint: 'Expected input_ids, attention_mask and optionally token_type_ids (a sentence-transformers export).',
    });
  }
  const output = pickOutput(session.outputs);
  const pad = s.tokenizer.padId;
  const feeds = (batch: readonly Prepared[]): Record<string, OnnxFeed> => {
    const seq = Math.max(1, ...batch.map((p) => p.length));
    const n = batch.length * seq;
    const ids = new Array<number>(n).fill(pad);
    const mask = new Array<number>(n).fill(0);
    const positions = new Array<number>(n).fill(0);
    batch.forEach((p, b) => {
      for (let t = 0; t < p.length; t++) {
        ids[b * seq + t] = p.ids[t] ?? pad;
        mask[b * seq + t] = 1;
        positions[b * seq + t] = t;
      }
    });
    const dims = [batch.length, seq];
    const all: Record<string, ArrayLike<number>> = {
      input_ids: ids,
      attention_mask: mask,
      token_type_ids: new Array<number>(n).fill(0),
      position_ids: positions,
    };
    const feeds: Record<string, OnnxFeed> = {};
    for (const [name, type] of inputs) feeds[name] = intFeed(type, all[name] ?? [], dims);
    return feeds;
  };
  return {
    dimension,
    prepare(text) {
      const t = s.tokenizer.encode(text, s.maxLength);
      return { ids: t.ids, truncated: t.truncated, length: t.ids.length };
    },
    outputNames: [output.name],
    feeds,
    async run(batch) {
      const seq = Math.max(1, ...batch.map((p) => p.length));
      const out = (await session.run(feeds(batch), [output.name]))[output.name];
      if (!out) throw new AppError('MODEL_INVALID', `${s.label}: no ${output.name} output.`);
      let vectors: Float32Array;
      if (output.pooled) {
        vectors = Float32Array.from(out.data);
      } else {
        const [b, t, d] = out.dims;
        if (out.dims.length !== 3 || b !== batch.length || t !== seq || d === undefined) {
          throw new AppError(
            'MODEL_INVALID',
            `${s.label}: ${output.name} has shape [${out.dims.join(', ')}].`,
          );
        }
        vectors = poolTokens(
          out.data,
          [b, t, d],
          batch.map((p) => p.length),
          s.pooling,
        );
      }
      if (s.normalize) l2NormalizeRows(vectors, vectors.length / batch.length);
      return vectors;
    },
    close: () => session.close(),
  };
}
