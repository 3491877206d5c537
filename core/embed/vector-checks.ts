// Checks on every batch of vectors before it is stored: the right dimension, no NaN or Inf, and norms that
// match what the model promises (1 for a normalized model). A broken model or a bad export fails loudly here
// instead of filling the database with garbage.

import { AppError } from '../contract/errors.js';

/** Norms seen so far (for the run's report). */
export interface NormStats {
  count: number;
  /** Vectors that are all zero (a text without any feature); stored as NULL. */
  zero: number;
  min: number;
  max: number;
  sum: number;
}

/** Empty stats to accumulate into. */
export function emptyNormStats(): NormStats {
  return { count: 0, zero: 0, min: Infinity, max: 0, sum: 0 };
}

const NORM_TOLERANCE = 1e-3;

/**
 * Checks `count` vectors of `dim` values; returns each row's norm (0 = all-zero row) and adds to `stats`.
 * `where(i)` names row i in an error (e.g. its source line).
 */
export function checkVectors(
  vectors: Float32Array,
  count: number,
  dim: number,
  normalized: boolean,
  stats: NormStats,
  where: (i: number) => string,
): Float64Array {
  if (vectors.length !== count * dim) {
    throw new AppError(
      'MODEL_INVALID',
      `The model returned ${vectors.length} values for ${count} texts of dimension ${dim}.`,
    );
  }
  const norms = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    let s = 0;
    const end = (i + 1) * dim;
    for (let d = i * dim; d < end; d++) s += vectors[d]! * vectors[d]!;
    // A NaN or ±Inf value makes the sum NaN or Inf (finite float32 squares cannot overflow a double's sum), so
    // one test per row finds it; only then is the row scanned for the value to report.
    if (!Number.isFinite(s)) {
      const bad = vectors.subarray(i * dim, end).find((v) => !Number.isFinite(v));
      throw new AppError('MODEL_INVALID', `The model produced ${bad} in the vector of ${where(i)}.`, {
        hint: 'The model file or its export is broken; try another model.',
      });
    }
    const n = Math.sqrt(s);
    norms[i] = n;
    if (n === 0) {
      stats.zero++;
      continue;
    }
    if (normalized && Math.abs(n - 1) > NORM_TOLERANCE) {
      throw new AppError('MODEL_INVALID', `The vector of ${where(i)} has norm ${n.toFixed(6)}, not 1.`, {
        hint: 'The model says it normalizes its vectors but did not; check its export.',
      });
    }
    stats.count++;
    stats.min = Math.min(stats.min, n);
    stats.max = Math.max(stats.max, n);
    stats.sum += n;
  }
  return norms;
}
