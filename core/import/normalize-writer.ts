// Writes the normalized files DuckDB loads: one record per line, `<original record bytes><delimiter><line>\n`.
// The line number goes last, not first, because DuckDB forgives trailing empty fields (`a,b,` reads as two
// columns): with a non-empty last field, a record with too many fields is always caught. Records are copied
// into one reused buffer and written in large blocks; the output rolls over to a new part file every
// `partBytes` so DuckDB can load one part while the next is being written.

import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A finished part file. */
export interface NormalizedPart {
  path: string;
  index: number;
  records: number;
  bytes: number;
}

/** Streams records into numbered part files under `dir`. */
export class PartWriter {
  private readonly out: Buffer;
  private o = 0;
  private fd = -1;
  private index = -1;
  private partRecords = 0;
  private partBytes = 0;
  private path = '';
  /** Every part path created, for cleanup. */
  readonly created: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly delimiter: number,
    private readonly maxPartBytes: number,
    bufferBytes = 4 << 20,
  ) {
    this.out = Buffer.allocUnsafe(bufferBytes);
  }

  /** Bytes written to the current part so far (buffered included). */
  get currentBytes(): number {
    return this.partBytes + this.o;
  }

  /** True when the current part reached its size and should be finished. */
  get full(): boolean {
    return this.currentBytes >= this.maxPartBytes;
  }

  /** Appends src[start, end) as one record that starts on source line `line`. */
  write(src: Buffer, start: number, end: number, line: number): void {
    if (this.fd < 0) this.open();
    const need = end - start + 24;
    if (this.o + need > this.out.length) {
      this.flush();
      if (need > this.out.length) {
        writeSync(this.fd, src, start, end - start);
        this.partBytes += end - start;
        end = start;
      }
    }
    const out = this.out;
    let o = this.o;
    const len = end - start;
    // Short records: a JS loop beats the per-call cost of a native copy.
    if (len < 48) for (let i = start; i < end; i++) out[o++] = src[i]!;
    else o += src.copy(out, o, start, end);
    out[o++] = this.delimiter;
    o = writeDigits(out, o, line);
    out[o++] = 10;
    this.o = o;
    this.partRecords++;
  }

  /** Closes the current part and returns it (null when nothing was written since the last one). */
  finishPart(): NormalizedPart | null {
    if (this.fd < 0) return null;
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
    return { path: this.path, index: this.index, records: this.partRecords, bytes: this.partBytes };
  }

  /** Closes an open part without returning it (on failure or cancellation). */
  abort(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private open(): void {
    this.index++;
    this.path = join(this.dir, `part-${String(this.index).padStart(5, '0')}.csv`);
    this.fd = openSync(this.path, 'w');
    this.created.push(this.path);
    this.partRecords = 0;
    this.partBytes = 0;
  }

  private flush(): void {
    if (this.o === 0) return;
    let done = 0;
    while (done < this.o) done += writeSync(this.fd, this.out, done, this.o - done);
    this.partBytes += this.o;
    this.o = 0;
  }
}

/** Writes a non-negative integer in decimal at out[o]; returns the offset after it. */
export function writeDigits(out: Buffer, o: number, n: number): number {
  if (n < 10) {
    out[o] = 48 + n;
    return o + 1;
  }
  let digits = 1;
  for (let p = 10; p <= n; p *= 10) digits++;
  let i = o + digits;
  while (n > 0) {
    const q = Math.floor(n / 10);
    out[--i] = 48 + (n - q * 10);
    n = q;
  }
  return o + digits;
}
