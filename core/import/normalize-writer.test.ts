import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartWriter, writeDigits } from './normalize-writer.js';

describe('writeDigits', () => {
  it('writes integers in decimal, small and beyond 32 bits', () => {
    for (const n of [0, 7, 10, 99, 100, 123456789, 2147483647, 2147483648, 9007199254740991]) {
      const out = Buffer.alloc(32);
      const end = writeDigits(out, 3, n);
      expect(out.toString('latin1', 3, end)).toBe(String(n));
    }
  });
});

describe('PartWriter', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-writer-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A scanner-like buffer: output area of 2 × half bytes, then the input records. */
  function arena(half: number, records: string[]) {
    const input = Buffer.from(records.join(''));
    const buf = Buffer.alloc(2 * half + input.length);
    input.copy(buf, 2 * half);
    let at = 2 * half;
    const spans = records.map((r) => {
      const s = at;
      at += Buffer.byteLength(r);
      return [s, at] as const;
    });
    return { buf, spans };
  }

  it('appends the line number, rolls parts over, and writes halves in the background', async () => {
    const half = 64;
    const records = Array.from({ length: 30 }, (_, i) => `r${i},"x ${i}"`);
    const { buf, spans } = arena(half, records);
    const w = new PartWriter(dir, 44, 200, half);
    const parts = [];
    for (let i = 0; i < records.length; i++) {
      w.write(buf, spans[i]![0], spans[i]![1], i + 2);
      // A batch every 3 records; a part when full.
      if (i % 3 === 2) await w.endBatch(buf);
      if (w.full) parts.push(await w.finishPart(buf));
    }
    parts.push(await w.finishPart(buf));
    const texts = await Promise.all(parts.map((p) => readFile(p!.path, 'utf8')));
    expect(texts.join('')).toBe(records.map((r, i) => `${r},${i + 2}\n`).join(''));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p!.index)).toEqual(parts.map((_, i) => i));
    expect(parts.reduce((n, p) => n + p!.records, 0)).toBe(30);
    for (const [i, p] of parts.entries()) expect(p!.bytes).toBe(Buffer.byteLength(texts[i]!));
  });

  it('writes a record larger than its output area directly', async () => {
    const big = 'y'.repeat(500);
    const { buf, spans } = arena(32, ['a', big, 'b']);
    const w = new PartWriter(dir, 59, 1 << 20, 32);
    spans.forEach(([s, e], i) => w.write(buf, s, e, i + 1));
    const part = await w.finishPart(buf);
    expect(await readFile(part!.path, 'utf8')).toBe(`a;1\n${big};2\nb;3\n`);
    expect(part!.longestLine).toBeGreaterThanOrEqual(500);
  });
});
