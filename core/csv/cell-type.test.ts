import { describe, expect, it } from 'vitest';
import { cellType, isValueLike } from './cell-type.js';

describe('cellType', () => {
  it.each([
    ['', 'empty'],
    ['  ', 'empty'],
    ['42', 'integer'],
    ['-7', 'integer'],
    ['3.14', 'number'],
    ['1,5', 'number'],
    ['1.234,56', 'number'],
    ['1,234,567.8', 'number'],
    ['2.5e-3', 'number'],
    ['€ 12,50', 'number'],
    ['45%', 'number'],
    ['2024-03-01', 'date'],
    ['01/03/2024', 'date'],
    ['1.3.24', 'date'],
    ['13:45', 'time'],
    ['1:05:09 PM', 'time'],
    ['2024-03-01T13:45:00Z', 'datetime'],
    ['2024-03-01 13:45:00+01:00', 'datetime'],
    ['TRUE', 'boolean'],
    ['no', 'boolean'],
    ['ann@example.org', 'email'],
    ['https://example.org/a?b=c', 'url'],
    ['price', 'text'],
    ['5;2', 'text'],
    ['1,5;2', 'text'],
  ])('%j is %s', (s, t) => expect(cellType(s)).toBe(t));

  it('calls numbers, dates and times value-like, not text or booleans', () => {
    expect(['integer', 'number', 'date', 'datetime', 'time'].every((t) => isValueLike(t as never))).toBe(
      true,
    );
    expect(['text', 'boolean', 'empty', 'email'].some((t) => isValueLike(t as never))).toBe(false);
  });
});
