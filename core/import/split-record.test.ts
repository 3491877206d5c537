import { describe, expect, it } from 'vitest';
import { splitRecord, type SplitDialect } from './split-record.js';

const rfc: SplitDialect = { delimiter: ',', quote: '"', escape: '"' };

// Expected values are what DuckDB's strict parser returns for the same record (checked against DuckDB in
// tests/integration/import-fuzz.test.ts).
describe('splitRecord', () => {
  it('splits plain and quoted fields; unquoted empty is null, quoted empty is ""', () => {
    expect(splitRecord('a,"b,c",,""', rfc)).toEqual({ fields: ['a', 'b,c', null, ''], ok: true });
    expect(splitRecord('a,', rfc)).toEqual({ fields: ['a', null], ok: true });
    expect(splitRecord('', rfc)).toEqual({ fields: [null], ok: true });
  });
  it('unescapes doubled quotes and keeps newlines', () => {
    expect(splitRecord('"say ""hi""\nthere",x', rfc).fields).toEqual(['say "hi"\nthere', 'x']);
  });
  it('drops spaces around a quoted field, keeps them around an unquoted one', () => {
    expect(splitRecord(' "a" , b ,  ', rfc).fields).toEqual(['a', ' b ', '  ']);
    // Two spaces before a quote: DuckDB reads the field as unquoted text.
    expect(splitRecord('  "a",x', rfc).fields).toEqual(['  "a"', 'x']);
  });
  it('glues "a" "b" the way DuckDB does, in the doubled-quote style only', () => {
    expect(splitRecord('"a"  "b",c', rfc).fields).toEqual(['a  b', 'c']);
    expect(splitRecord('"a" "b",c', { ...rfc, escape: '\\' }).ok).toBe(false);
  });
  it('keeps a quote inside an unquoted field', () => {
    expect(splitRecord('37.8"N,x', rfc)).toEqual({ fields: ['37.8"N', 'x'], ok: true });
  });
  it('flags a quoted field followed by other text, and an unclosed quote', () => {
    expect(splitRecord('"a"b,c', rfc)).toEqual({ fields: ['ab', 'c'], ok: false, errorAt: 3 });
    expect(splitRecord('x,"open', rfc)).toEqual({ fields: ['x', 'open'], ok: false, errorAt: 2 });
  });
  it('supports backslash escapes, other quotes and delimiters, and no quoting', () => {
    expect(splitRecord('"a\\"b\\\\",c', { delimiter: ',', quote: '"', escape: '\\' }).fields).toEqual([
      'a"b\\',
      'c',
    ]);
    expect(splitRecord("'x;y';z", { delimiter: ';', quote: "'", escape: "'" }).fields).toEqual(['x;y', 'z']);
    expect(splitRecord('"a\tb"\tc', { delimiter: '\t', quote: null, escape: null }).fields).toEqual([
      '"a',
      'b"',
      'c',
    ]);
  });
});
