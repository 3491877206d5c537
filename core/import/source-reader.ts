// Reads the source file in large chunks for the scanner. UTF-8 is passed through as bytes (validated later,
// per record batch); the other encodings are decoded to UTF-8 on the way, and the stretches where the decoder
// had to substitute U+FFFD for bad input are remembered so those records can be rejected. The next chunk is
// read on a libuv thread while the current one is scanned.

import { close, fstatSync, openSync, read, readSync } from 'node:fs';
import type { EncodingName } from '../contract/datasets.js';
import type { RecordScanner } from './scan-records.js';

const BOMS: Record<EncodingName, number[]> = {
  'utf-8': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
  'windows-1252': [],
};

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
    const bom = BOMS[this.encoding];
    if (bom.length === 0) return 0;
    const head = Buffer.alloc(bom.length);
    const n = readSync(this.fd, head, 0, bom.length, 0);
    return n === bom.length && bom.every((b, i) => head[i] === b) ? bom.length : 0;
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

// Node's TextDecoder('windows-1252') decodes as Latin-1 (0x80 gives U+0080, not €), so the 32 bytes where
// the two differ are mapped here, as the WHATWG Encoding Standard does (its five unassigned bytes stay C1).
const CP1252_80_9F =
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

/** Windows-1252 bytes to text (stateless: one byte is one character). */
export function decodeWindows1252(chunk: Buffer): string {
  return chunk.toString('latin1').replace(/[\x80-\x9f]/g, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80]!);
}

function makeDecoder(encoding: EncodingName): ((chunk: Buffer, last: boolean) => string) | null {
  if (encoding === 'utf-8') return null;
  if (encoding === 'windows-1252') return (chunk) => decodeWindows1252(chunk);
  const decoder = new TextDecoder(encoding, { ignoreBOM: true });
  return (chunk, last) => decoder.decode(chunk, { stream: !last });
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
