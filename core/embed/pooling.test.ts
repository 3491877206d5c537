import { describe, expect, it } from 'vitest';
import { l2NormalizeRows, poolTokens } from './pooling.js';

// Two rows, three tokens, two dims; row 0 has 2 real tokens, row 1 all 3.
const hidden = Float32Array.from([1, 2, 3, 4, 100, 100, -1, 0, 5, 2, 3, -6]);
const dims = [2, 3, 2] as const;

describe('pooling', () => {
  it('means over the unpadded tokens only', () => {
    expect([...poolTokens(hidden, dims, [2, 3], 'mean')]).toEqual([2, 3, 7 / 3, -4 / 3].map(Math.fround));
  });
  it('takes the first token for cls and the last real one for lasttoken', () => {
    expect([...poolTokens(hidden, dims, [2, 3], 'cls')]).toEqual([1, 2, -1, 0]);
    expect([...poolTokens(hidden, dims, [2, 3], 'lasttoken')]).toEqual([3, 4, 3, -6]);
  });
  it('maxes over the unpadded tokens', () => {
    expect([...poolTokens(hidden, dims, [2, 3], 'max')]).toEqual([3, 4, 5, 2]);
  });
  it('normalizes rows to unit length and leaves zero rows at zero', () => {
    const v = Float32Array.from([3, 4, 0, 0]);
    l2NormalizeRows(v, 2);
    expect([...v]).toEqual([0.6, 0.8, 0, 0].map(Math.fround));
  });
});
