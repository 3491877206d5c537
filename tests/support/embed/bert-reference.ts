// An independent forward pass of the BERT-shaped encoder in plain JS (float64, one unpadded sequence at a
// time, masking by simply not attending past the text), to check what ONNX Runtime + Sluice's batching,
// padding and pooling produce. Test support only.

import type { BertLayerWeights, BertWeights } from '../../../scripts/models/bert-weights.js';

type Mat = Float64Array[]; // rows of [seq][dim]

function linear(x: Mat, w: Float32Array, b: Float32Array, inDim: number, outDim: number): Mat {
  return x.map((row) => {
    const out = new Float64Array(outDim);
    for (let o = 0; o < outDim; o++) {
      let s = b[o]!;
      for (let i = 0; i < inDim; i++) s += row[i]! * w[i * outDim + o]!;
      out[o] = s;
    }
    return out;
  });
}

function layerNorm(x: Mat, g: Float32Array, b: Float32Array, eps: number): Mat {
  return x.map((row) => {
    const n = row.length;
    const mean = row.reduce((s, v) => s + v, 0) / n;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    const inv = 1 / Math.sqrt(variance + eps);
    return row.map((v, i) => (v - mean) * inv * g[i]! + b[i]!);
  });
}

const add = (a: Mat, b: Mat): Mat => a.map((row, t) => row.map((v, i) => v + b[t]![i]!));

// erf by Abramowitz–Stegun 7.1.26 is only 1e-7 accurate; use a series/continued fraction pair accurate to ~1e-15.
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let sum = x;
    let term = x;
    for (let n = 1; n < 80; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction for large |x|.
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return Math.sign(x) * (1 - erfc);
}

function encoderLayer(x: Mat, l: BertLayerWeights, heads: number, h: number, f: number, eps: number): Mat {
  const dh = h / heads;
  const q = linear(x, l.wq, l.bq, h, h);
  const k = linear(x, l.wk, l.bk, h, h);
  const v = linear(x, l.wv, l.bv, h, h);
  const seq = x.length;
  const ctx: Mat = x.map(() => new Float64Array(h));
  for (let hd = 0; hd < heads; hd++) {
    const o = hd * dh;
    for (let t = 0; t < seq; t++) {
      const scores = new Float64Array(seq);
      let max = -Infinity;
      for (let s = 0; s < seq; s++) {
        let dot = 0;
        for (let d = 0; d < dh; d++) dot += q[t]![o + d]! * k[s]![o + d]!;
        scores[s] = dot / Math.sqrt(dh);
        max = Math.max(max, scores[s]!);
      }
      let z = 0;
      for (let s = 0; s < seq; s++) z += scores[s] = Math.exp(scores[s]! - max);
      for (let s = 0; s < seq; s++) {
        const p = scores[s]! / z;
        const row = ctx[t]!;
        for (let d = 0; d < dh; d++) row[o + d] = row[o + d]! + p * v[s]![o + d]!;
      }
    }
  }
  const x1 = layerNorm(add(linear(ctx, l.wo, l.bo, h, h), x), l.ln1g, l.ln1b, eps);
  const hid = linear(x1, l.w1, l.b1, h, f).map((row) => row.map((u) => 0.5 * u * (1 + erf(u / Math.SQRT2))));
  return layerNorm(add(linear(hid, l.w2, l.b2, f, h), x1), l.ln2g, l.ln2b, eps);
}

/** Hidden states [seq][hidden] of one sequence of token ids (token type 0 everywhere). */
export function bertForward(w: BertWeights, ids: readonly number[]): Mat {
  const c = w.config;
  const H = c.hidden;
  let x: Mat = ids.map((id, t) => {
    const row = new Float64Array(H);
    for (let i = 0; i < H; i++) row[i] = w.wordEmb[id * H + i]! + w.posEmb[t * H + i]! + w.typeEmb[i]!;
    return row;
  });
  x = layerNorm(x, w.embLnG, w.embLnB, c.layerNormEps);
  for (const l of w.layers) x = encoderLayer(x, l, c.heads, H, c.intermediate, c.layerNormEps);
  return x;
}

/** The sentence vector sentence-transformers would give: mean or CLS pooling, optionally L2-normalized. */
export function referenceEmbedding(
  w: BertWeights,
  ids: readonly number[],
  pooling: 'mean' | 'cls',
  normalize: boolean,
): Float64Array {
  const x = bertForward(w, ids);
  const H = w.config.hidden;
  const out = new Float64Array(H);
  if (pooling === 'cls') out.set(x[0]!);
  else for (const row of x) for (let i = 0; i < H; i++) out[i] = out[i]! + row[i]! / x.length;
  if (normalize) {
    const n = Math.max(Math.sqrt(out.reduce((s, v) => s + v * v, 0)), 1e-12);
    for (let i = 0; i < H; i++) out[i] = out[i]! / n;
  }
  return out;
}
