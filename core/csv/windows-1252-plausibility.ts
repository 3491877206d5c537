// How plausible a non-UTF-8 sample is as Windows-1252 text: accented letters and typographic punctuation are
// what such files hold; undefined bytes and long runs of high bytes are what other encodings or binary hold.

const UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function weight(b: number): number {
  if (UNDEFINED.has(b)) return 0;
  if (b >= 0xc0) return b === 0xd7 || b === 0xf7 ? 0.6 : 1; // letters; × and ÷ are rarer
  if (b >= 0xa0) return 0.7; // symbols: NBSP, £, °, §, ½ …
  return 0.8; // € and typographic quotes, dashes, ellipsis
}

/** Confidence (0.4..0.9) that the bytes are Windows-1252 text, from its bytes above 0x7F. */
export function windows1252Plausibility(bytes: Uint8Array): number {
  let sum = 0;
  let count = 0;
  let run = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) {
      run = 0;
      continue;
    }
    run++;
    // Latin text has at most two or three accented letters in a row; longer runs suggest another encoding.
    sum += weight(b) * (run > 3 ? 0.5 : 1);
    count++;
  }
  if (count === 0) return 0.9;
  return Math.round((0.4 + (0.5 * sum) / count) * 1000) / 1000;
}
