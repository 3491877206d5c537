import { describe, expect, it } from 'vitest';
import { compileFormat } from './strftime.js';

describe('compileFormat', () => {
  it('turns directives into groups and escapes literal text', () => {
    const c = compileFormat('fmt:%d.%m.%Y (%H)');
    expect(c.pattern).toBe('%d.%m.%Y (%H)');
    expect(c.regex).toBe('([0-9]{1,2})\\.([0-9]{1,2})\\.([0-9]{4}) \\(([0-9]{1,2})\\)');
    expect(c.components).toEqual(['d', 'm', 'Y', 'H']);
    expect(c.hasDate && c.hasTime).toBe(true);
  });
  it('supports %% and dashed (unpadded) directives', () => {
    expect(compileFormat('%-d%%').regex).toBe('([0-9]{1,2})%');
  });
  it('refuses directives DuckDB cannot parse and patterns without any directive', () => {
    expect(() => compileFormat('%F')).toThrow(/unsupported directive %F/);
    expect(() => compileFormat('%Y-%')).toThrow(/%\(end of pattern\)/);
    expect(() => compileFormat('YYYY-MM-DD')).toThrow(/no date or time directive/);
  });
});
