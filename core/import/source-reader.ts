// Reads the source file in large chunks for the scanner. UTF-8 is passed through as bytes (validated later,
// per record batch); the other encodings are decoded to UTF-8 on the way, and the stretches where the decoder
// had to substitute U+FFFD for bad input are remembered so those records can be rejected. The next chunk is
// read on a libuv thread while the current one is scanned.

import { close, fstatSync, openSync, read, readSync } from 'node:fs';
import type { EncodingName } from '../contract/datasets.js';
import { bomLength as bomLengthOf, createDecoder } from '../csv/decode.js';
import type { RecordScanner } from './scan-records.js';

function readAsync(fd: number, buf: Buffer, len: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const step = (done: number) => {
      if (done >= len) return resolve(done);
      read(fd, buf, done, len - done, position + done, (err, n) =>
        err ? reject(err) : n === 0 ? resolve(done) : step(done + n),
      );
    };
    step(0);
  });
}

/** An open source file feeding a scanner. */
export class SourceReader {
  /** Size of the file in bytes. */
  readonly size: number;
  /** Source bytes handed to the scanner so far (BOM included). */
  bytesRead: number;
  /** [from, to) ranges of the UTF-8 stream (absolute offsets) where decoding replaced invalid input. */
  readonly dirty: [number, number][] = [];
  private readonly fd: number;
  private readonly decode: ((chunk: Buffer, last: boolean) => string) | null;
  /** Two read buffers: one is handed out while the other is being filled. */
  private readonly bufs: [Buffer, Buffer];
  private next = 0;
  private ahead: Promise<number> | null = null;
  private aheadAt = 0;
  private eof = false;

  constructor(
    path: string,
    private readonly encoding: EncodingName,
    private readonly chunkBytes: number,
    bomLength?: number,
  ) {
    this.fd = openSync(path, 'r');
    this.size = fstatSync(this.fd).size;
    this.bytesRead = bomLength ?? this.sniffBom();
    this.decode = makeDecoder(encoding);
    this.bufs = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
    this.aheadAt = this.bytesRead;
  }

  /** Length of the byte-order mark at the start of the file, 0 when there is none. */
  private sniffBom(): number {
    const head = Buffer.alloc(4);
    const n = readSync(this.fd, head, 0, 4, 0);
    return bomLengthOf(this.encoding, head.subarray(0, n));
  }

  /** Starts reading the chunk after the last one requested, into the buffer not handed out. */
  private readAhead(): void {
    const len = Math.min(this.chunkBytes, this.size - this.aheadAt);
    const buf = this.bufs[this.next]!;
    this.ahead = len > 0 ? readAsync(this.fd, buf, len, this.aheadAt) : Promise.resolve(0);
    this.ahead.catch(() => undefined);
  }

  /** Appends the next chunk to the scanner; returns true when the input is exhausted. */
  async fill(scanner: RecordScanner): Promise<boolean> {
    if (this.eof) return true;
    if (!this.ahead) this.readAhead();
    const n = await this.ahead!;
    const chunk = this.bufs[this.next]!.subarray(0, n);
    this.next = 1 - this.next;
    this.aheadAt += n;
    this.bytesRead += n;
    this.eof = n === 0 || this.bytesRead >= this.size;
    this.ahead = null;
    if (!this.eof) this.readAhead();
    if (!this.decode) {
      const { buf, offset } = scanner.reserve(n);
      chunk.copy(buf, offset);
      scanner.commit(n);
      return this.eof;
    }
    const text = this.decode(chunk, this.eof);
    const bytes = Buffer.byteLength(text);
    const { buf, offset } = scanner.reserve(bytes);
    buf.write(text, offset, bytes, 'utf8');
    scanner.commit(bytes);
    if (this.encoding !== 'windows-1252' && replacementsAdded(text, chunk, this.encoding)) {
      const from = scanner.base + offset;
      this.dirty.push([from, from + bytes]);
    }
    return this.eof;
  }

  /** Closes the file (after a read in flight settles). */
  async close(): Promise<void> {
    await this.ahead?.catch(() => undefined);
    await new Promise<void>((resolve) => close(this.fd, () => resolve()));
  }
}

function makeDecoder(encoding: EncodingName): ((chunk: Buffer, last: boolean) => string) | null {
  if (encoding === 'utf-8') return null;
  const decoder = createDecoder(encoding);
  return (chunk, last) => decoder.write(chunk) + (last ? decoder.end() : '');
}

/** True when the decoded text holds more U+FFFD than the UTF-16 input spelled out: the decoder replaced bad input. */
function replacementsAdded(text: string, raw: Buffer, encoding: EncodingName): boolean {
  let inText = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) inText++;
  if (inText === 0) return false;
  const unit = encoding === 'utf-16le' ? Buffer.from([0xfd, 0xff]) : Buffer.from([0xff, 0xfd]);
  let inRaw = 0;
  for (let i = raw.indexOf(unit); i >= 0; i = raw.indexOf(unit, i + 1)) if (i % 2 === 0) inRaw++;
  return inText > inRaw;
}
