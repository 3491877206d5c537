// A counting UTF-8 scanner: how many valid multibyte sequences and how many invalid bytes a sample has, which
// `isUtf8` (yes/no) cannot say. It follows the Unicode well-formedness table (no overlongs, no surrogates).

/** Counts of a UTF-8 scan. */
export interface Utf8Counts {
  /** Valid sequences of 2–4 bytes. */
  multibyte: number;
  /** Bytes that start no valid sequence. */
  invalid: number;
}

// Allowed range of the second byte for each lead byte; later bytes are always 0x80–0xBF.
function secondRange(lead: number): [number, number, number] | null {
  if (lead >= 0xc2 && lead <= 0xdf) return [2, 0x80, 0xbf];
  if (lead === 0xe0) return [3, 0xa0, 0xbf];
  if (lead === 0xed) return [3, 0x80, 0x9f];
  if (lead >= 0xe1 && lead <= 0xef) return [3, 0x80, 0xbf];
  if (lead === 0xf0) return [4, 0x90, 0xbf];
  if (lead >= 0xf1 && lead <= 0xf3) return [4, 0x80, 0xbf];
  if (lead === 0xf4) return [4, 0x80, 0x8f];
  return null;
}

const isCont = (b: number | undefined) => b !== undefined && b >= 0x80 && b <= 0xbf;

/** Counts valid multibyte sequences and invalid bytes. */
export function scanUtf8(bytes: Uint8Array): Utf8Counts {
  let multibyte = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const r = secondRange(b);
    const second = bytes[i + 1];
    let ok = r !== null && second !== undefined && second >= r[1] && second <= r[2];
    for (let k = 2; ok && r && k < r[0]; k++) ok = isCont(bytes[i + k]);
    if (ok && r) {
      multibyte++;
      i += r[0];
    } else {
      invalid++;
      i++;
    }
  }
  return { multibyte, invalid };
}

/** The sample without a multibyte sequence that the end of the sample cut short (the file goes on). */
export function trimCutUtf8(bytes: Uint8Array): Uint8Array {
  // Walk back over at most 3 continuation bytes to the lead byte of the last sequence.
  for (let back = 1; back <= 4 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back]!;
    if (b < 0x80) return bytes;
    if (b >= 0xc0) {
      const r = secondRange(b);
      return r && r[0] > back ? bytes.subarray(0, bytes.length - back) : bytes;
    }
  }
  return bytes;
}
