// The default lexical model end to end through ONNX Runtime: near-duplicates score high, unrelated texts near
// zero, results do not depend on batch size or order, and asking for CUDA here falls back to CPU with a message.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmbedder, type Embedder } from '../../core/embed/embedder.js';

let e: Embedder;
beforeAll(async () => {
  e = await loadEmbedder({ batchSize: 3 });
});
afterAll(() => e.close());

const texts = [
  'Stainless steel chef knife, 20 cm blade, with wooden handle',
  'stainless-steel Chef Knife 20cm blade with wooden handle!',
  'Organic green tea, 100 bags',
  'Wireless noise cancelling headphones',
  'x',
  'Organic green tea 100 bag',
  '',
];

function cos(v: Float32Array, dim: number, i: number, j: number): number {
  let s = 0;
  for (let k = 0; k < dim; k++) s += v[i * dim + k]! * v[j * dim + k]!;
  return s;
}

describe('lexical embedder', () => {
  it('scores near-duplicates high and unrelated texts near zero', async () => {
    const r = await e.embed(texts);
    const d = r.dimension;
    expect(cos(r.vectors, d, 0, 1)).toBeGreaterThan(0.9);
    expect(cos(r.vectors, d, 2, 5)).toBeGreaterThan(0.7);
    expect(Math.abs(cos(r.vectors, d, 0, 3))).toBeLessThan(0.25);
    expect(Math.abs(cos(r.vectors, d, 2, 3))).toBeLessThan(0.25);
  });

  it('gives the same vectors whatever the batch size and order', async () => {
    const a = await e.embed(texts);
    const one = await loadEmbedder({ batchSize: 1 });
    try {
      const reversed = await one.embed([...texts].reverse());
      const d = a.dimension;
      for (let i = 0; i < texts.length; i++) {
        const j = texts.length - 1 - i;
        const x = a.vectors.subarray(i * d, (i + 1) * d);
        const y = reversed.vectors.subarray(j * d, (j + 1) * d);
        for (let k = 0; k < d; k++) expect(Math.abs(x[k]! - y[k]!)).toBeLessThan(1e-6);
      }
    } finally {
      await one.close();
    }
  });

  it('returns a zero vector for a text without features, and reports none truncated', async () => {
    const r = await e.embed(['', 'abc']);
    expect(r.vectors.subarray(0, r.dimension).every((v) => v === 0)).toBe(true);
    expect(r.truncated).toBe(0);
  });

  it('reports texts cut at the feature cap', async () => {
    const long = Array.from({ length: 3000 }, (_, i) => `word${i}`).join(' ');
    const r = await e.embed([long, 'short']);
    expect(r.truncated).toBe(1);
  });

  it('falls back to CPU with a clear warning when CUDA is asked for but unavailable', async () => {
    const g = await loadEmbedder({ device: 'cuda' });
    try {
      expect(g.info.requestedDevice).toBe('cuda');
      if (g.info.device === 'cuda') {
        // A machine with a working CUDA provider: nothing to fall back from.
        expect(g.warnings).toEqual([]);
      } else {
        expect(g.info.device).toBe('cpu');
        expect(g.warnings.join('\n')).toMatch(/CUDA is not available .*running on CPU instead/);
      }
      const r = await g.embed(['still works']);
      expect(r.count).toBe(1);
    } finally {
      await g.close();
    }
  });

  it('rejects an unknown model name with the list of known ones', async () => {
    await expect(loadEmbedder({ model: 'no-such-model' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { hint: expect.stringContaining('lexical-hash-384') },
    });
  });

  it('stops between batches when the signal is aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(e.embed(texts, ac.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
