// Guards against a regression that reads a whole large file to detect or preview it. The bound is generous on
// purpose (shared, slow CI machines); the real latency target is measured by the benchmark, not here.

import { open, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFile } from './detect.js';
import { previewFile } from './preview.js';

const TARGET_BYTES = 200 * 1024 * 1024;
let dir = '';
let path = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-preview-large-'));
  path = join(dir, 'orders.csv');
  // One ~1 MiB block of realistic rows written again and again: fast to generate, real CSV throughout.
  const lines: string[] = [];
  for (let i = 0, size = 0; size < 1024 * 1024; i++) {
    const amount = (i * 7.31).toFixed(2).replace('.', ',');
    lines.push(`${i};"Customer ${i % 997}, Ltd";${amount};2024-0${(i % 9) + 1}-1${i % 10}\n`);
    size += lines[i]!.length;
  }
  const block = Buffer.from(lines.join(''));
  const fh = await open(path, 'w');
  try {
    await fh.write('id;customer;amount;date\n');
    for (let written = 0; written < TARGET_BYTES; written += block.length) await fh.write(block);
  } finally {
    await fh.close();
  }
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('detect and preview a ~200 MB file', () => {
  it('returns the first 200 rows without reading the whole file', async () => {
    const t0 = performance.now();
    const detection = await detectFile(path);
    const preview = await previewFile(path, detection);
    const ms = performance.now() - t0;
    expect(detection.dialect).toMatchObject({ delimiter: ';', quote: '"', header: true, lineEnding: 'lf' });
    expect(preview.columns).toEqual(['id', 'customer', 'amount', 'date']);
    expect(preview.rows).toHaveLength(200);
    expect(preview.rows[0]).toEqual(['0', 'Customer 0, Ltd', '0,00', '2024-01-10']);
    expect(preview.lines.slice(0, 3)).toEqual([2, 3, 4]);
    expect(preview.truncated).toBe(true);
    expect(ms).toBeLessThan(1500);
  });
});
