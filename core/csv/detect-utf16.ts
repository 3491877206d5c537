// UTF-16 without a BOM shows itself by NUL bytes on one side of each byte pair: CSV text always has ASCII
// (delimiters, digits, line breaks), whose UTF-16 code units have a zero high byte.

import type { EncodingName } from '../contract/datasets.js';

const WINDOW = 16 * 1024;

/** UTF-16 LE or BE with a confidence when the NUL pattern says so, else null. */
export function utf16ByNuls(sample: Uint8Array): { encoding: EncodingName; confidence: number } | null {
  const pairs = Math.floor(Math.min(sample.length, WINDOW) / 2);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs; i++) {
    if (sample[2 * i] === 0) evenNul++;
    if (sample[2 * i + 1] === 0) oddNul++;
  }
  const pick = (zeros: number, other: number): number | null => {
    // At least 10% of units ASCII-like, and NULs on the other side at most 1% of those (U+xx00 characters).
    if (zeros < 1 || zeros / pairs < 0.1 || other > zeros * 0.01) return null;
    return Math.round(Math.min(0.95, 0.7 + (0.3 * zeros) / pairs) * 1000) / 1000;
  };
  const le = pick(oddNul, evenNul);
  if (le !== null) return { encoding: 'utf-16le', confidence: le };
  const be = pick(evenNul, oddNul);
  if (be !== null) return { encoding: 'utf-16be', confidence: be };
  return null;
}
