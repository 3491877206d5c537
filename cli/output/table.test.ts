import { describe, expect, it } from 'vitest';
import { progressLine } from './progress.js';
import { table } from './table.js';

describe('table', () => {
  it('aligns text left and numbers right, cutting long cells', () => {
    const out = table(
      ['name', 'n'],
      [
        ['a', 1],
        ['a long value here', 12345],
      ],
      10,
    ).split('\n');
    expect(out[0]).toBe('name' + ' '.repeat(13) + 'n');
    expect(out[2]).toBe('a' + ' '.repeat(16) + '1');
    expect(out[3]).toBe('a long va…  12,345');
  });
});

describe('progressLine', () => {
  it('shows bar, rows, rate and ETA', () => {
    const s = progressLine({
      jobId: 'j',
      kind: 'import',
      step: 'scan',
      fraction: 0.5,
      rows: 1000,
      rowsPerSec: 500,
      etaSec: 2.2,
    });
    expect(s).toBe('import/scan [############............]  50% 1,000 rows 500 rows/s ETA 3s');
  });
});
