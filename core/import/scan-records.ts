// Finds record boundaries in UTF-8 CSV bytes, quote-aware, as fast as Node allows: it leapfrogs between the
// next quote, LF and CR with Buffer.indexOf (native memchr) instead of looking at every byte, so a typical
// record costs one or two native calls. CR, LF and CRLF, mixed, all end a record outside quotes.
//
// The quote rules mirror DuckDB's strict CSV state machine, because DuckDB parses the records we hand it and
// both must agree on where each record ends: a quote opens a quoted section only at the start of a field
// (after the delimiter or the record start, with at most one space before it) or after a closed quoted
// section and one or more spaces when the escape is the doubled quote (DuckDB glues `"a" "b"` into `a b`);
// any other quote is a literal character. A closed quoted field followed by anything but spaces and then the
// delimiter or the end of the record marks the record REC_BAD_QUOTE: we reject it ourselves, because DuckDB's
// recovery from that error is unreliable (it can swallow the next record or fail the whole query). Inside quotes
// the escape is either the doubled quote or a character (backslash) that escapes the next byte.

import { REC_BAD_QUOTE, REC_OK, REC_TOO_LONG, REC_UNCLOSED_QUOTE, type RecordBatch } from './record-batch.js';

const LF = 10;
const CR = 13;
const SPACE = 32;

/** Dialect bytes: -1 where the dialect has no quote or no escape. */
export interface ScanDialect {
  delimiter: number;
  quote: number;
  escape: number;
}

/** Scanner limits. */
export interface ScanLimits {
  /** A record longer than this is rejected (line_too_long, or unclosed_quote while inside quotes). */
  maxRecordBytes: number;
  /** How many bytes of a rejected giant record are kept as its raw text. */
  rawCapBytes: number;
}

/**
 * Streaming record scanner over a growable buffer. Use: `reserve` room, fill it, `commit`, `scan` into a
 * batch, consume the batch (its offsets point into `buf`), repeat; `scan(true)` at end of input.
 */
export class RecordScanner {
  /** The buffer; input bytes are [front, len). Batch offsets are only valid until the next `reserve`. */
  buf: Buffer;
  len: number;
  /** Absolute offset in the UTF-8 stream = base + buffer index. */
  base: number;
  /** Physical line (1-based) at the scan position. */
  line = 1;
  private pos: number;
  private recStart: number;
  private recLine = 1;
  private inQuote = false;
  private openPos = -1;
  private lastClose = -1;
  private skipping = false;
  private finished = false;
  private badQuote = false;
  // Next LF / CR / quote at or after the position searched; -1: none left in the buffer; -2: not searched.
  // Valid within one `scan` call only (the buffer changes between calls).
  private nLF = -2;
  private nCR = -2;
  private nQ = -2;

  private readonly limits: ScanLimits;

  constructor(
    private readonly d: ScanDialect,
    limits: ScanLimits,
    initialBytes = 8 << 20,
    /** Bytes at the start of the buffer reserved for the caller (see `reserve`). */
    readonly front = 0,
  ) {
    this.buf = Buffer.allocUnsafe(front + initialBytes);
    this.len = this.pos = this.recStart = front;
    this.base = -front;
    this.limits = { ...limits, rawCapBytes: Math.min(limits.rawCapBytes, limits.maxRecordBytes) };
  }

  /**
   * Makes room for at least `min` more bytes, dropping bytes of finished records. The first `front` bytes of
   * the buffer belong to the caller (the normalized writer's output area): they are kept, and carried over
   * when the buffer grows, so records can be copied there with `copyWithin` (no allocation per record).
   */
  reserve(min: number): { buf: Buffer; offset: number; room: number } {
    const keep = this.skipping ? this.pos : this.recStart;
    const live = this.len - keep;
    const front = this.front;
    if (this.buf.length - this.len < min) {
      if (front + live + min <= this.buf.length) {
        this.buf.copyWithin(front, keep, this.len);
      } else {
        const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, front + live + min));
        this.buf.copy(next, 0, 0, front);
        this.buf.copy(next, front, keep, this.len);
        this.buf = next;
      }
      this.shift(keep - front);
    }
    return { buf: this.buf, offset: this.len, room: this.buf.length - this.len };
  }

  /** Declares `n` bytes written at the offset `reserve` returned. */
  commit(n: number): void {
    this.len += n;
  }

  private shift(by: number): void {
    this.len -= by;
    this.pos -= by;
    this.recStart -= by;
    this.base += by;
    if (this.openPos >= 0) this.openPos -= by;
    if (this.lastClose >= 0) this.lastClose -= by;
  }

  /** Scans the buffered bytes and pushes every complete record into `out` (the batch is reset first). */
  scan(eof: boolean, out: RecordBatch): void {
    out.reset();
    if (this.finished) return;
    const b = this.buf.subarray(0, this.len);
    const end = this.len;
    const { delimiter: D, quote: Q, escape: E } = this.d;
    const max = this.limits.maxRecordBytes;
    this.resetSearch();
    let pos = this.pos;
    for (;;) {
      if (this.skipping) {
        const t = this.nextBreak(b, pos);
        if (t < 0) {
          pos = end;
          if (eof) this.finished = true;
          break;
        }
        if (b[t] === CR && t + 1 === end && !eof) {
          pos = t;
          break;
        }
        pos = t + (b[t] === CR && b[t + 1] === LF ? 2 : 1);
        this.line++;
        this.startRecord(pos);
        this.skipping = false;
        continue;
      }
      if (!this.inQuote) {
        const t = this.nextBreak(b, pos);
        if (this.nQ !== -1 && this.nQ < pos) this.nQ = b.indexOf(Q, pos);
        const nQ = this.nQ;
        if (nQ >= 0 && (t < 0 || nQ < t)) {
          if (this.opensQuote(b, nQ, D)) {
            this.inQuote = true;
            this.openPos = nQ;
          }
          pos = nQ + 1;
          continue;
        }
        if (t < 0) {
          if (eof) {
            if (end - this.recStart > max) this.emitTooLong(out);
            else if (this.recStart < end) this.emit(out, end, REC_OK);
            this.finished = true;
            pos = end;
          } else if (end - this.recStart > max) {
            this.emitTooLong(out);
            this.skipping = true;
            pos = end;
          } else {
            pos = end;
          }
          break;
        }
        let termLen = 1;
        if (b[t] === CR) {
          if (t + 1 === end && !eof) {
            pos = t;
            break;
          }
          if (b[t + 1] === LF) termLen = 2;
        }
        if (t - this.recStart > max) this.emitTooLong(out);
        else this.emit(out, t, REC_OK);
        this.line++;
        pos = t + termLen;
        this.startRecord(pos);
        continue;
      }
      // Inside quotes: only the next quote matters; line breaks in between are counted when it closes.
      if (this.nQ !== -1 && this.nQ < pos) this.nQ = b.indexOf(Q, pos);
      const q = this.nQ;
      if (q < 0 || q - this.recStart > max) {
        if (eof || end - this.recStart > max) {
          if (!this.unclosed(b, end, eof, out)) {
            pos = end;
            break;
          }
          pos = this.pos;
          if (this.finished) break;
          this.resetSearch();
          continue;
        }
        pos = end;
        break;
      }
      if (E === Q) {
        if (q + 1 === end && !eof) {
          pos = q;
          break;
        }
        if (b[q + 1] === Q && q + 1 < end) {
          pos = q + 2;
          continue;
        }
      } else if (E >= 0) {
        let k = q - 1;
        while (k > this.openPos && b[k] === E) k--;
        if ((q - 1 - k) & 1) {
          pos = q + 1;
          continue;
        }
      }
      // What follows the closing quote: spaces, then the delimiter, the end of the record, or (doubled-quote
      // style) another quoted section. Anything else is a quoting error; wait for more bytes to tell.
      let k = q + 1;
      while (k < end && b[k] === SPACE) k++;
      if (k === end && !eof) {
        pos = q;
        break;
      }
      if (k < end) {
        const c = b[k];
        if (c !== D && c !== LF && c !== CR && !(c === Q && E === Q)) this.badQuote = true;
      }
      this.line += this.countBreaks(b, this.openPos + 1, q);
      this.inQuote = false;
      this.lastClose = q;
      pos = q + 1;
    }
    this.pos = pos;
  }

  private resetSearch(): void {
    this.nLF = -2;
    this.nCR = -2;
    this.nQ = this.d.quote < 0 ? -1 : -2;
  }

  /** The next LF or CR at or after `pos`, or -1. */
  private nextBreak(b: Buffer, pos: number): number {
    if (this.nLF !== -1 && this.nLF < pos) this.nLF = b.indexOf(LF, pos);
    if (this.nCR !== -1 && this.nCR < pos) this.nCR = b.indexOf(CR, pos);
    const lf = this.nLF;
    const cr = this.nCR;
    return lf < 0 ? cr : cr < 0 ? lf : lf < cr ? lf : cr;
  }

  /** Line breaks in b[from, to) (inside quotes): LF, CR and CRLF each count once. Moves the LF/CR caches. */
  private countBreaks(b: Buffer, from: number, to: number): number {
    let n = 0;
    if (this.nLF !== -1 && this.nLF < from) this.nLF = b.indexOf(LF, from);
    while (this.nLF >= 0 && this.nLF < to) {
      n++;
      this.nLF = b.indexOf(LF, this.nLF + 1);
    }
    if (this.nCR !== -1 && this.nCR < from) this.nCR = b.indexOf(CR, from);
    while (this.nCR >= 0 && this.nCR < to) {
      if (b[this.nCR + 1] !== LF || this.nCR + 1 >= to) n++;
      this.nCR = b.indexOf(CR, this.nCR + 1);
    }
    return n;
  }

  private startRecord(at: number): void {
    this.recStart = at;
    this.recLine = this.line;
    this.lastClose = -1;
    this.openPos = -1;
    this.badQuote = false;
  }

  private opensQuote(b: Buffer, q: number, D: number): boolean {
    const s = this.recStart;
    if (q === s || b[q - 1] === D) return true;
    if (b[q - 1] !== SPACE) return false;
    // DuckDB allows one space before an opening quote at a field start; after a closed quoted section it
    // reopens on a quote after any number of spaces, but only in the doubled-quote style.
    if (q - 1 === s || b[q - 2] === D) return true;
    if (this.d.escape !== this.d.quote) return false;
    let k = q - 1;
    while (k >= s && b[k] === SPACE) k--;
    return k >= s && k === this.lastClose;
  }

  private emit(out: RecordBatch, end: number, kind: number): void {
    out.push(this.recStart, end, this.recLine, kind === REC_OK && this.badQuote ? REC_BAD_QUOTE : kind);
  }

  private emitTooLong(out: RecordBatch): void {
    out.push(this.recStart, this.recStart + this.limits.rawCapBytes, this.recLine, REC_TOO_LONG);
  }

  /**
   * A quote that never closes: rejects the record's first physical line and resumes on the next one, the quote
   * taken as a literal. Returns false when it must wait for more bytes to see where that line ends.
   */
  private unclosed(b: Buffer, end: number, eof: boolean, out: RecordBatch): boolean {
    const s = this.recStart;
    const lf = b.indexOf(LF, s);
    const cr = b.indexOf(CR, s);
    const t = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
    const cap = s + this.limits.rawCapBytes;
    this.inQuote = false;
    if (t < 0) {
      out.push(s, Math.min(end, cap), this.recLine, REC_UNCLOSED_QUOTE);
      if (eof) this.finished = true;
      else this.skipping = true;
      this.pos = this.recStart = end;
      return true;
    }
    if (t === cr && t + 1 === end && !eof) {
      this.inQuote = true;
      return false;
    }
    out.push(s, Math.min(t, cap), this.recLine, REC_UNCLOSED_QUOTE);
    this.line = this.recLine + 1;
    this.pos = t + (t === cr && b[t + 1] === LF ? 2 : 1);
    this.startRecord(this.pos);
    return true;
  }
}
