import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineColumn } from './json-position.js';

describe('jsonErrorOffset', () => {
  it('agrees with JSON.parse on what is valid', () => {
    for (const ok of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\"\\u00e9"]} ', '"s"', '0'])
      expect(jsonErrorOffset(ok), ok).toBe(-1);
  });

  it.each([
    ['{"a": [,]}', 7],
    ['{"a" 1}', 5],
    ['{"a": 1,}', 8],
    ['[1 2]', 3],
    ['{"a": tru}', 6],
    ['{"a": "x', 8],
    ['{"a": 01}', 7],
    ['{} x', 3],
    ['', 0],
  ])('finds the first error of %j at %i', (text, at) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorOffset(text)).toBe(at);
  });

  it('turns an offset into line and column', () => {
    expect(lineColumn('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
  });
});
