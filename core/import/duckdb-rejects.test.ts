import { describe, expect, it } from 'vitest';
import { toReject } from './duckdb-rejects.js';

describe('toReject', () => {
  it('takes the line from the suffix and turns DuckDB counts (which include it) into field counts', () => {
    expect(toReject('a,b,17', 'MISSING COLUMNS', 'Expected Number of Columns: 4 Found: 3', ',')).toEqual({
      line: 17,
      reason: 'too_few_fields',
      message: 'Expected 3 fields, found 2.',
      raw: 'a,b',
    });
    expect(
      toReject('x\t"y\tz"\t\t9', 'TOO MANY COLUMNS', 'Expected Number of Columns: 3 Found: 4', '\t'),
    ).toEqual({
      line: 9,
      reason: 'too_many_fields',
      message: 'Expected 2 fields, found more.',
      raw: 'x\t"y\tz"\t',
    });
  });
  it('refuses a record without a line number (a bug, not data)', () => {
    expect(() => toReject('a,b', 'MISSING COLUMNS', '', ',')).toThrow(/line number/);
  });
});
