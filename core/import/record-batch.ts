// Record boundaries found in one scan of the buffer, kept in typed arrays so a scan of millions of short
// records allocates nothing per record.

/** A well-formed record (it may still have the wrong number of fields; DuckDB decides that). */
export const REC_OK = 0;
/** A quoted field that never closes (end of file, or longer than the record limit): its first line only. */
export const REC_UNCLOSED_QUOTE = 1;
/** A record longer than the record limit: its first bytes only. */
export const REC_TOO_LONG = 2;
/** A closed quoted field followed by something other than the delimiter or the end of the record. */
export const REC_BAD_QUOTE = 3;

/** Records of one scan: [start, end) byte offsets into the scanner's buffer, first line and kind. */
export class RecordBatch {
  count = 0;
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  lines = new Float64Array(1024);
  kinds = new Uint8Array(1024);

  /** Forgets the records (keeps the arrays). */
  reset(): void {
    this.count = 0;
  }

  /** Adds one record. */
  push(start: number, end: number, line: number, kind: number): void {
    const i = this.count;
    if (i === this.starts.length) this.grow();
    this.starts[i] = start;
    this.ends[i] = end;
    this.lines[i] = line;
    this.kinds[i] = kind;
    this.count = i + 1;
  }

  private grow(): void {
    const n = this.starts.length * 2;
    const starts = new Int32Array(n);
    starts.set(this.starts);
    const ends = new Int32Array(n);
    ends.set(this.ends);
    const lines = new Float64Array(n);
    lines.set(this.lines);
    const kinds = new Uint8Array(n);
    kinds.set(this.kinds);
    Object.assign(this, { starts, ends, lines, kinds });
  }
}
