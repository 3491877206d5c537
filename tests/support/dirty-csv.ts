// Generates a realistic, deterministic, dirty orders-like CSV of any size for import tests and measurements:
// quoted fields with delimiters, doubled quotes and newlines, and a known number of each defect.

import { createWriteStream } from 'node:fs';

/** Defects injected, by kind, with the lines they start on. */
export interface DirtyCsvStats {
  /** Data records written (header and blank lines excluded). */
  dataRecords: number;
  blankLines: number;
  tooFew: number;
  tooMany: number;
  strayQuote: number;
  invalidUtf8: number;
  /** Records with a quoted newline (good records). */
  quotedNewlines: number;
  bytes: number;
}

/** A small fast PRNG (mulberry32) so the data is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CITIES = ['Lyon', 'Zürich', 'São Paulo', 'New York, NY', 'Kraków', 'Osaka', 'Nairobi', 'Reykjavík'];
const WORDS = ['fast', 'blue', 'widget', 'order', 'express', 'gift', 'fragile', 'returned', 'urgent', 'bulk'];

/**
 * Writes `rows` data records (plus a header) to `path`. About one record in `defectEvery` is broken, cycling
 * through too few fields, too many fields, a stray quote after a quoted field and invalid UTF-8 bytes.
 */
export async function writeDirtyCsv(
  path: string,
  rows: number,
  defectEvery = 1000,
  seed = 42,
): Promise<DirtyCsvStats> {
  const rand = rng(seed);
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const stats: DirtyCsvStats = {
    dataRecords: 0,
    blankLines: 0,
    tooFew: 0,
    tooMany: 0,
    strayQuote: 0,
    invalidUtf8: 0,
    quotedNewlines: 0,
    bytes: 0,
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  let chunk: (string | Buffer)[] = [];
  let pending = 0;
  const push = (s: string | Buffer) => {
    chunk.push(s);
    pending += s.length;
    stats.bytes += typeof s === 'string' ? Buffer.byteLength(s) : s.length;
  };
  const flush = async () => {
    const data = Buffer.concat(chunk.map((c) => (typeof c === 'string' ? Buffer.from(c) : c)));
    chunk = [];
    pending = 0;
    if (!out.write(data)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  push('order_id,customer,email,city,product,amount,ordered_at,status,notes\n');
  for (let i = 1; i <= rows; i++) {
    const name = `${pick(WORDS)} ${pick(WORDS)}`;
    const email = `user${i}@example.${pick(['com', 'org', 'net'])}`;
    const city = pick(CITIES);
    const cityField = city.includes(',') ? `"${city}"` : city;
    const amount = (rand() * 1000).toFixed(2);
    const date = `2024-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`;
    let notes = `${pick(WORDS)} ${pick(WORDS)}, ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`;
    const r = rand();
    if (r < 0.01) {
      notes = `"line one\nline ""two"" here"`;
      stats.quotedNewlines++;
    } else if (r < 0.3) notes = `"${notes} ""quoted"" text"`;
    else notes = `"${notes}"`;
    const product = `SKU-${Math.floor(rand() * 1e6)} ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} edition`;
    let record = `${i},${name},${email},${cityField},${product},${amount},${date},${pick(['paid', 'shipped', 'new'])},${notes}`;
    stats.dataRecords++;
    if (i % defectEvery === 0) {
      const kind = (i / defectEvery) % 4;
      if (kind === 0) {
        record = `${i},${name},${email}`;
        stats.tooFew++;
      } else if (kind === 1) {
        record = `${record},extra`;
        stats.tooMany++;
      } else if (kind === 2) {
        record = `${i},"${name}"x,${email},${cityField},${product},${amount},${date},new,none`;
        stats.strayQuote++;
      } else {
        push(`${i},`);
        push(Buffer.from([0xff, 0xfe, 0x41]));
        record = `,${email},${cityField},${product},${amount},${date},new,bad bytes`;
        stats.invalidUtf8++;
      }
    }
    push(record);
    push('\n');
    if (i % 5000 === 0) {
      push('\n');
      stats.blankLines++;
    }
    if (pending > 1 << 20) await flush();
  }
  await flush();
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return stats;
}
