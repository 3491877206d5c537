import { describe, expect, it } from 'vitest';
import { baseName, fmtBytes, fmtDuration, fmtInt, fmtPct, fmtRate, ruleLabel } from './format.js';

describe('format', () => {
  it('formats counts, shares and sizes', () => {
    expect(fmtInt(1234567.4)).toBe('1,234,567');
    expect([fmtPct(0), fmtPct(1), fmtPct(0.0004), fmtPct(0.0234), fmtPct(0.456)]).toEqual([
      '0%',
      '100%',
      '<0.1%',
      '2.3%',
      '46%',
    ]);
    expect([fmtBytes(512), fmtBytes(1536), fmtBytes(5 * 1024 ** 3)]).toEqual(['512 B', '1.5 KB', '5.0 GB']);
  });

  it('formats durations and rates', () => {
    expect([
      fmtDuration(0.2),
      fmtDuration(42.4),
      fmtDuration(125),
      fmtDuration(3780),
      fmtDuration(NaN),
    ]).toEqual(['<1 s', '42 s', '2 min 5 s', '1 h 3 min', '—']);
    expect([fmtRate(12400), fmtRate(2_340_000)]).toEqual(['12,400 rows/s', '2.3M rows/s']);
  });

  it('names paths and rules for people', () => {
    expect([baseName('/a/b/orders.csv'), baseName('C:\\x\\y.csv')]).toEqual(['orders.csv', 'y.csv']);
    expect([ruleLabel('required'), ruleLabel('custom')]).toEqual(['missing', 'custom']);
  });
});
