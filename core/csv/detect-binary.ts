// Tells a binary file from text before anyone tries to parse it as CSV: known magic numbers first (a clear
// message: "a PNG image"), then byte statistics. A stray NUL or control byte in a dirty CSV is not enough:
// that line becomes a reject at import; only a sample dense with them is called binary.

const MAGIC: { name: string; bytes: readonly number[] }[] = [
  { name: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a ZIP archive (or an XLSX/DOCX/ODS document)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'a ZIP archive', bytes: [0x50, 0x4b, 0x05, 0x06] },
  { name: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'a gzip archive', bytes: [0x1f, 0x8b] },
  { name: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  {
    name: 'an old Excel (XLS) or other OLE document',
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
  },
  { name: 'an executable (ELF)', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'a 7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'a Zstandard archive', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  {
    name: 'an SQLite database',
    bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74],
  },
];

/** Above these shares of the sample, bytes are not text (a CSV line with one NUL stays importable). */
const MAX_NUL_SHARE = 0.001;
const MAX_CONTROL_SHARE = 0.02;
/** The byte statistics look at the start of the sample only: binary shows itself at once. */
const STATS_BYTES = 64 * 1024;

/** What the sample looks like when it is not text ("a PNG image", "binary data"), or null for text. */
export function sniffBinary(sample: Uint8Array, opts: { allowNul?: boolean } = {}): string | null {
  for (const m of MAGIC) {
    if (sample.length >= m.bytes.length && m.bytes.every((b, i) => sample[i] === b)) return m.name;
  }
  if (opts.allowNul) return null;
  let nul = 0;
  let control = 0;
  const n = Math.min(sample.length, STATS_BYTES);
  for (let i = 0; i < n; i++) {
    const b = sample[i]!;
    if (b === 0) nul++;
    // Controls other than TAB LF VT FF CR, and SUB (0x1A: an end-of-file mark old DOS tools append).
    else if ((b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1a) || b === 0x7f) control++;
  }
  if (nul > 0 && nul / n > MAX_NUL_SHARE) return 'binary data (NUL bytes)';
  if ((nul + control) / n > MAX_CONTROL_SHARE) return 'binary data (control bytes)';
  return null;
}
