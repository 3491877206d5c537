// Runs the default lexical model: features from lexical-tokenizer.ts, padded with weight 0 (a padded bucket
// adds nothing to the weighted sum, so no mask is needed).

import type { OnnxFeed, OnnxSession } from '../adapters/onnx.js';
import { AppError } from '../contract/errors.js';
import { createLexicalFeaturizer, type LexicalFeatures } from './lexical-tokenizer.js';
import { int64From, type PreparedText, type Runner } from './runner.js';

type Prepared = PreparedText & LexicalFeatures;

/** A Runner over an open lexical-model session. */
export function lexicalRunner(
  session: OnnxSession,
  dimension: number,
  maxFeatures: number,
): Runner<Prepared> {
  const names = session.inputs
    .map((i) => i.name)
    .sort()
    .join(',');
  if (names !== 'bucket_ids,weights' || !session.outputs.some((o) => o.name === 'sentence_embedding')) {
    throw new AppError('MODEL_INVALID', `Not a Sluice lexical model (inputs ${names}).`, {
      hint: 'Rebuild it with scripts/models/build-lexical-model.ts.',
    });
  }
  const featurize = createLexicalFeaturizer(maxFeatures);
  const feeds = (batch: readonly Prepared[]): Record<string, OnnxFeed> => {
    const width = Math.max(1, ...batch.map((p) => p.length));
    const flat = new Int32Array(batch.length * width);
    const weights = new Float32Array(batch.length * width);
    batch.forEach((p, b) => {
      flat.set(p.ids, b * width);
      weights.set(p.weights, b * width);
    });
    const ids = int64From(flat);
    const dims = [batch.length, width];
    return {
      bucket_ids: { type: 'int64', data: ids, dims },
      weights: { type: 'float32', data: weights, dims },
    };
  };
  return {
    dimension,
    prepare(text) {
      const f = featurize(text);
      return { ...f, length: f.ids.length };
    },
    outputNames: ['sentence_embedding'],
    feeds,
    async run(batch) {
      const out = await session.run(feeds(batch), ['sentence_embedding']);
      return out.sentence_embedding?.data ?? new Float32Array(0);
    },
    close: () => session.close(),
  };
}
