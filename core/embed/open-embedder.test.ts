import { describe, expect, it } from 'vitest';
import { createInlineTaskPool } from '../pipeline/task-pool.js';
import { concatEmbeddings, openLocalEmbedder, openPooledEmbedder, splitTexts } from './open-embedder.js';

describe('splitTexts', () => {
  it('splits into contiguous parts of at least the minimum, never more than asked', () => {
    const texts = Array.from({ length: 300 }, (_, i) => `t${i}`);
    const parts = splitTexts(texts, 4, 64);
    expect(parts).toHaveLength(4);
    expect(parts.flat()).toEqual(texts);
    expect(splitTexts(texts.slice(0, 100), 4, 64)).toHaveLength(1);
    expect(splitTexts([], 4)).toEqual([[]]);
  });
});

describe('concatEmbeddings', () => {
  it('joins parts in order and sums their counts', () => {
    const a = { vectors: Float32Array.of(1, 2), count: 1, dimension: 2, truncated: 1, tokens: 3 };
    const b = { vectors: Float32Array.of(3, 4, 5, 6), count: 2, dimension: 2, truncated: 0, tokens: 4 };
    expect(concatEmbeddings([a, b], 2)).toEqual({
      vectors: Float32Array.of(1, 2, 3, 4, 5, 6),
      count: 3,
      dimension: 2,
      truncated: 1,
      tokens: 7,
    });
  });
});

describe('openPooledEmbedder', () => {
  it('gives the vectors of the model in this thread, with the texts split across the pool', async () => {
    const texts = Array.from({ length: 200 }, (_, i) => `product ${i} made of ${i % 2 ? 'steel' : 'oak'}`);
    const local = await openLocalEmbedder({});
    const pooled = await openPooledEmbedder(createInlineTaskPool(3), {});
    try {
      expect(pooled.info.modelId).toBe(local.info.modelId);
      const [l, p] = [await local.embed(texts), await pooled.embed(texts)];
      expect(p.count).toBe(200);
      // Equal up to float rounding (other batches, so other padding widths and summation orders).
      expect(p.vectors.length).toBe(l.vectors.length);
      const maxDiff = l.vectors.reduce((m, v, i) => Math.max(m, Math.abs(v - p.vectors[i]!)), 0);
      expect(maxDiff).toBeLessThan(1e-6);
    } finally {
      await local.close();
      await pooled.close();
    }
  });
});
