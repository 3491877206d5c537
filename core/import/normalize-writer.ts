// Writes the normalized files DuckDB loads: one record per line, `<original record bytes><delimiter><line>\n`.
// The line number goes last, not first, because DuckDB forgives trailing empty fields (`a,b,` reads as two
// columns): with a non-empty last field, a record with too many fields is always caught. The output rolls
// over to a new part file every `partBytes` so DuckDB can load one part while the next is being written.
//
// Records are copied into an output area at the front of the scanner's buffer (`copyWithin` inside one buffer
// is a plain memmove; copying between two Buffers costs an allocation per record). The area has two halves:
// while one half's bytes are written to disk on a libuv thread, the next batch of records fills the other, so
// the kernel's copy into the page cache does not stall the scan.

import { close, closeSync, openSync, write, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A finished part file. */
export interface NormalizedPart {
  path: string;
  index: number;
  records: number;
  bytes: number;
  /** Longest line in the part, in bytes (line number suffix included). */
  longestLine: number;
}

function writeAsync(fd: number, buf: Buffer, start: number, len: number, position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (done: number) => {
      if (done >= len) return resolve();
      write(fd, buf, start + done, len - done, position + done, (err, n) =>
        err ? reject(err) : step(done + n),
      );
    };
    step(0);
  });
}

function writeAllSync(fd: number, buf: Buffer, start: number, len: number, position: number): void {
  let done = 0;
  while (done < len) done += writeSync(fd, buf, start + done, len - done, position + done);
}

/** Streams records into numbered part files under `dir`, using buf[0, 2 × halfBytes) as its output area. */
export class PartWriter {
  private half = 0;
  private o = 0;
  private fd = -1;
  private index = -1;
  private partRecords = 0;
  /** Bytes of the current part written or being written (the buffered half excluded). */
  private filePos = 0;
  private longest = 0;
  private path = '';
  private pending: (Promise<void> | null)[] = [null, null];
  /** Every part path created, for cleanup. */
  readonly created: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly delimiter: number,
    private readonly maxPartBytes: number,
    private readonly halfBytes: number,
  ) {}

  /** True when the current part reached its size and should be finished. */
  get full(): boolean {
    return this.filePos + this.o >= this.maxPartBytes;
  }

  /** Appends buf[start, end) as one record that starts on source line `line`. */
  write(buf: Buffer, start: number, end: number, line: number): void {
    if (this.fd < 0) this.open();
    const len = end - start;
    if (this.o + len + 24 > this.halfBytes) {
      // The half is full before the batch ends (records much shorter than their suffix, or a huge record).
      this.flushSync(buf);
      if (len + 24 > this.halfBytes) {
        writeAllSync(this.fd, buf, start, len, this.filePos);
        this.filePos += len;
        end = start;
      }
    }
    let o = this.half * this.halfBytes + this.o;
    if (end > start) {
      buf.copyWithin(o, start, end);
      o += end - start;
    }
    buf[o++] = this.delimiter;
    o = writeDigits(buf, o, line);
    buf[o++] = 10;
    if (len + 24 > this.longest) this.longest = len + 24;
    this.o = o - this.half * this.halfBytes;
    this.partRecords++;
  }

  /**
   * Ends a batch: starts writing the filled half in the background and switches to the other half, once that
   * one's previous write is done. Call between batches (the records in the buffer may move after it).
   */
  async endBatch(buf: Buffer): Promise<void> {
    if (this.fd >= 0 && this.o > 0) {
      const p = writeAsync(this.fd, buf, this.half * this.halfBytes, this.o, this.filePos);
      // Attach a handler at once: a failed write is rethrown by the await below or in finishPart.
      p.catch(() => undefined);
      this.pending[this.half] = p;
      this.filePos += this.o;
      this.o = 0;
      this.half = 1 - this.half;
    }
    const other = this.pending[this.half];
    this.pending[this.half] = null;
    if (other) await other;
  }

  /** Closes the current part and returns it (null when nothing was written since the last one). */
  async finishPart(buf: Buffer): Promise<NormalizedPart | null> {
    if (this.fd < 0) return null;
    await this.endBatch(buf);
    await this.settle(true);
    closeSync(this.fd);
    this.fd = -1;
    const { path, index, partRecords: records, filePos: bytes, longest: longestLine } = this;
    return { path, index, records, bytes, longestLine };
  }

  /** Closes an open part without returning it (on failure or cancellation), after its writes settle. */
  async abort(): Promise<void> {
    await this.settle(false);
    if (this.fd >= 0) await new Promise<void>((resolve) => close(this.fd, () => resolve()));
    this.fd = -1;
    this.o = 0;
  }

  private async settle(rethrow: boolean): Promise<void> {
    const pending = this.pending.filter((p): p is Promise<void> => p !== null);
    this.pending = [null, null];
    const results = await Promise.allSettled(pending);
    const failed = results.find((r) => r.status === 'rejected');
    if (rethrow && failed) throw (failed as PromiseRejectedResult).reason;
  }

  private open(): void {
    this.index++;
    this.path = join(this.dir, `part-${String(this.index).padStart(5, '0')}.csv`);
    this.fd = openSync(this.path, 'w');
    this.created.push(this.path);
    this.partRecords = 0;
    this.filePos = 0;
    this.longest = 0;
    this.o = 0;
  }

  private flushSync(buf: Buffer): void {
    if (this.o === 0) return;
    writeAllSync(this.fd, buf, this.half * this.halfBytes, this.o, this.filePos);
    this.filePos += this.o;
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
