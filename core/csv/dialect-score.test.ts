import { describe, expect, it } from 'vitest';
import { scoreDialect } from './dialect-score.js';

const rfc = (delimiter: ',' | ';') => ({ delimiter, quote: '"' as const, escape: '"' as const });

describe('scoreDialect', () => {
  it('scores a consistent, clean reading by its width', () => {
    const s = scoreDialect('a,b,c\n1,2,3\n4,5,6\n', rfc(','));
    expect(s).toMatchObject({ consistency: 1, fields: 3, clean: 1 });
    expect(s.score).toBeCloseTo(2 / 3);
  });
  it('marks cells that hold another delimiter, or are still quoted, as dirty', () => {
    expect(scoreDialect('a;b\n1;2\n', rfc(',')).clean).toBe(0);
    expect(scoreDialect('a,"b"\n', { delimiter: ',', quote: null, escape: null }).clean).toBe(0.5);
    expect(scoreDialect('a,x; y\n', rfc(',')).clean).toBe(1); // prose, not a delimiter
  });
  it('counts records the parser had to skip against consistency', () => {
    const s = scoreDialect('a,b\n1,"unclosed\n2,3\n', rfc(','));
    expect(s.consistency).toBeLessThan(1);
  });
  it('halves the score when the first record has another width than the rest', () => {
    const even = scoreDialect('h,i\n1,5\n2,25\n', rfc(',')).score;
    const odd = scoreDialect('value\n1,5\n2,25\n', rfc(',')).score;
    expect(odd).toBeLessThan(even / 2);
  });
  it('ignores blank and whitespace-only lines', () => {
    expect(scoreDialect('a,b\n\n   \n1,2\n', rfc(',')).records).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

describe('scoreDialect on a cut text', () => {
  it('does not hold a quoted field left open at the cut against the candidate', () => {
    const text = 'a,b\n1,2\n3,"open\n';
    expect(scoreDialect(text, rfc(','), true).consistency).toBe(1);
    expect(scoreDialect(text, rfc(','), false).consistency).toBeLessThan(1);
  });
});
