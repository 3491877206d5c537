import { describe, expect, it } from 'vitest';
import { defaultPartBytes } from './import-csv.js';

const MiB = 1 << 20;

describe('defaultPartBytes', () => {
  it('splits the file in quarters of 32 to 256 MiB when cores are free for the pre-pass', () => {
    expect(defaultPartBytes(10 * MiB, 8)).toBe(32 * MiB);
    expect(defaultPartBytes(400 * MiB, 8)).toBe(100 * MiB);
    expect(defaultPartBytes(4000 * MiB, 8)).toBe(256 * MiB);
  });
  it('uses few, large parts on two cores or less', () => {
    expect(defaultPartBytes(150 * MiB, 2)).toBe(256 * MiB);
  });
});
