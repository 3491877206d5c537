import { describe, expect, it } from 'vitest';
import { dedupeHeader, generatedHeader } from './header-names.js';

describe('dedupeHeader', () => {
  it('keeps unique names as they are', () => {
    expect(dedupeHeader(['id', 'Name', 'e mail; "x"'])).toEqual({
      names: ['id', 'Name', 'e mail; "x"'],
      renamed: [],
    });
  });
  it('renames empty and duplicate names deterministically', () => {
    const r = dedupeHeader(['a', '', 'a', 'A', 'a_2', null]);
    expect(r.names).toEqual(['a', 'column_2', 'a_3', 'A_4', 'a_2', 'column_6']);
    expect(r.renamed.map((x) => x.index)).toEqual([1, 2, 3, 5]);
  });
  it('does not let a header collide with the reserved __line column', () => {
    expect(dedupeHeader(['__line']).names).toEqual(['__line_2']);
  });
  it('generates names for headerless files', () => {
    expect(generatedHeader(3)).toEqual(['column_1', 'column_2', 'column_3']);
  });
});
