import { describe, expect, it } from 'vitest';
import { quoteIdent, quoteLiteral } from './quote.js';

describe('quote', () => {
  it('doubles quotes in identifiers', () => {
    expect(quoteIdent('a"b; drop table x')).toBe('"a""b; drop table x"');
  });
  it('doubles single quotes in literals and refuses NUL', () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(() => quoteLiteral('a\u0000')).toThrow(/NUL/);
  });
});
