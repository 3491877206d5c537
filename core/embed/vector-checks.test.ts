import { describe, expect, it } from 'vitest';
import { checkVectors, emptyNormStats } from './vector-checks.js';

const where = (i: number) => `row ${i}`;

/** Three unit vectors of dimension 4 (the middle one all zero). */
function sample(): Float32Array {
  return new Float32Array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0.6, 0.8, 0]);
}

describe('checkVectors', () => {
  it('returns each norm, counts all-zero rows and accumulates the stats', () => {
    const stats = emptyNormStats();
    const norms = checkVectors(sample(), 3, 4, true, stats, where);
    expect([...norms].map((n) => Number(n.toFixed(6)))).toEqual([1, 0, 1]);
    expect(stats).toMatchObject({ count: 2, zero: 1 });
    expect(stats.min).toBeCloseTo(1, 6);
    expect(stats.max).toBeCloseTo(1, 6);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'names the row and the value when a vector holds %s',
    (bad) => {
      const v = sample();
      v[10] = bad;
      expect(() => checkVectors(v, 3, 4, true, emptyNormStats(), where)).toThrow(
        expect.objectContaining({
          code: 'MODEL_INVALID',
          message: `The model produced ${bad} in the vector of row 2.`,
        }),
      );
    },
  );

  it('rejects a norm other than 1 for a normalized model, and accepts it otherwise', () => {
    const v = new Float32Array([3, 4, 0, 0]);
    expect(() => checkVectors(v, 1, 4, true, emptyNormStats(), where)).toThrow(/row 0 has norm 5\.000000/);
    expect([...checkVectors(v, 1, 4, false, emptyNormStats(), where)]).toEqual([5]);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => checkVectors(sample(), 2, 4, true, emptyNormStats(), where)).toThrow(
      /12 values for 2 texts/,
    );
  });
});
