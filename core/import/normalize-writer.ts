// Writes the normalized files DuckDB loads: one record per line, `<original record bytes><delimiter><line>\n`.
// The line number goes last, not first, because DuckDB forgives trailing empty fields (`a,b,` reads as two
// columns): with a non-empty last field, a record with too many fields is always caught. Records are copied
// into an output area and written in large blocks; the output rolls over to a new part file every
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

/**
 * Streams records into numbered part files under `dir`. Its output area is the first `outBytes` of the
 * buffer the records come from (the scanner's `front`): `copyWithin` inside one buffer is a plain memmove,
 * while copying between two Buffers costs an allocation per record, a third of the pre-pass's time.
 */
export class PartWriter {
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
    private readonly outBytes: number,
  ) {}

  /** Bytes written to the current part so far (buffered included). */
  get currentBytes(): number {
    return this.partBytes + this.o;
  }

  /** True when the current part reached its size and should be finished. */
  get full(): boolean {
    return this.currentBytes >= this.maxPartBytes;
  }

  /** Appends buf[start, end) as one record that starts on source line `line`; buf[0, outBytes) is the output. */
  write(buf: Buffer, start: number, end: number, line: number): void {
    if (this.fd < 0) this.open();
    const len = end - start;
    if (this.o + len + 24 > this.outBytes) {
      this.flush(buf);
      if (len + 24 > this.outBytes) {
        writeAll(this.fd, buf, start, len);
        this.partBytes += len;
        end = start;
      }
    }
    let o = this.o;
    if (end > start) {
      buf.copyWithin(o, start, end);
      o += end - start;
    }
    buf[o++] = this.delimiter;
    o = writeDigits(buf, o, line);
    buf[o++] = 10;
    this.o = o;
    this.partRecords++;
  }

  /** Closes the current part and returns it (null when nothing was written since the last one). */
  finishPart(buf: Buffer): NormalizedPart | null {
    if (this.fd < 0) return null;
    this.flush(buf);
    closeSync(this.fd);
    this.fd = -1;
    return { path: this.path, index: this.index, records: this.partRecords, bytes: this.partBytes };
  }

  /** Closes an open part without returning it (on failure or cancellation). */
  abort(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    this.o = 0;
  }

  private open(): void {
    this.index++;
    this.path = join(this.dir, `part-${String(this.index).padStart(5, '0')}.csv`);
    this.fd = openSync(this.path, 'w');
    this.created.push(this.path);
    this.partRecords = 0;
    this.partBytes = 0;
  }

  private flush(buf: Buffer): void {
    if (this.o === 0) return;
    writeAll(this.fd, buf, 0, this.o);
    this.partBytes += this.o;
    this.o = 0;
  }
}

function writeAll(fd: number, buf: Buffer, start: number, len: number): void {
  let done = 0;
  while (done < len) done += writeSync(fd, buf, start + done, len - done);
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
  if (n <= 0x7fffffff) {
    // Small integers: int32 arithmetic, much cheaper than float division.
    let m = n | 0;
    while (m > 0) {
      const q = (m / 10) | 0;
      out[--i] = 48 + m - q * 10;
      m = q;
    }
  } else {
    while (n > 0) {
      const q = Math.floor(n / 10);
      out[--i] = 48 + (n - q * 10);
      n = q;
    }
  }
  return o + digits;
}
