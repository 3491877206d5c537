// Token vectors → one vector per text, as sentence-transformers' Pooling and Normalize modules do. Padding is
// always on the right (we build the batches), so a row's mask is its first `length` tokens.

import type { PoolingMode } from './model-folder.js';

/** Pools hidden states [batch, seq, dim] into [batch, dim] over each row's first lengths[b] tokens. */
export function poolTokens(
  hidden: Float32Array,
  dims: readonly [number, number, number],
  lengths: ArrayLike<number>,
  mode: PoolingMode,
): Float32Array {
  const [batch, seq, dim] = dims;
  const out = new Float32Array(batch * dim);
  const acc = new Float64Array(dim);
  for (let b = 0; b < batch; b++) {
    const len = Math.max(1, Math.min(seq, lengths[b] ?? 0));
    const row = b * seq * dim;
    if (mode === 'cls' || mode === 'lasttoken') {
      const t = mode === 'cls' ? 0 : len - 1;
      out.set(hidden.subarray(row + t * dim, row + (t + 1) * dim), b * dim);
      continue;
    }
    acc.fill(mode === 'max' ? -Infinity : 0);
    for (let t = 0; t < len; t++) {
      const base = row + t * dim;
      for (let d = 0; d < dim; d++) {
        const v = hidden[base + d] ?? 0;
        if (mode === 'max') {
          if (v > (acc[d] ?? 0)) acc[d] = v;
        } else acc[d] = (acc[d] ?? 0) + v;
      }
    }
    for (let d = 0; d < dim; d++) out[b * dim + d] = mode === 'mean' ? (acc[d] ?? 0) / len : (acc[d] ?? 0);
  }
  return out;
}

/** L2-normalizes each row of [rows, dim] in place (a zero row stays zero, like torch's normalize with eps). */
export function l2NormalizeRows(v: Float32Array, dim: number): void {
  for (let off = 0; off < v.length; off += dim) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (v[off + d] ?? 0) ** 2;
    const n = Math.max(Math.sqrt(s), 1e-12);
    for (let d = 0; d < dim; d++) v[off + d] = (v[off + d] ?? 0) / n;
  }
}
