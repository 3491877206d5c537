import { describe, expect, it } from 'vitest';
import { REC_BAD_QUOTE, REC_OK, REC_TOO_LONG, REC_UNCLOSED_QUOTE, RecordBatch } from './record-batch.js';
import { RecordScanner, type ScanDialect } from './scan-records.js';

const KIND = {
  [REC_OK]: 'ok',
  [REC_UNCLOSED_QUOTE]: 'unclosed',
  [REC_TOO_LONG]: 'too_long',
  [REC_BAD_QUOTE]: 'bad_quote',
} as Record<number, string>;

/** Scans `input` fed `chunk` bytes at a time; returns [line, kind, text] per record. */
function scanAll(
  input: string | Buffer,
  chunk = 1 << 20,
  dialect: Partial<ScanDialect> = {},
  maxRecordBytes = 1 << 20,
  front = 0,
): [number, string, string][] {
  const data = typeof input === 'string' ? Buffer.from(input) : input;
  const d: ScanDialect = { delimiter: 44, quote: 34, escape: 34, ...dialect };
  const scanner = new RecordScanner(d, { maxRecordBytes, rawCapBytes: 16 }, 8, front);
  const batch = new RecordBatch();
  const out: [number, string, string][] = [];
  let at = 0;
  for (;;) {
    const n = Math.min(chunk, data.length - at);
    const { buf, offset } = scanner.reserve(n);
    data.copy(buf, offset, at, at + n);
    scanner.commit(n);
    at += n;
    const eof = at >= data.length;
    scanner.scan(eof, batch);
    for (let i = 0; i < batch.count; i++) {
      const text = scanner.buf.toString('utf8', batch.starts[i], batch.ends[i]);
      out.push([batch.lines[i]!, KIND[batch.kinds[i]!]!, text]);
    }
    if (eof) return out;
  }
}

/** Same records whatever the chunk size and with or without a front area. */
function scanEverySize(input: string, dialect: Partial<ScanDialect> = {}, max = 1 << 20) {
  const whole = scanAll(input, 1 << 20, dialect, max);
  for (const chunk of [1, 2, 3, 5, 7, 64]) {
    expect(scanAll(input, chunk, dialect, max), `chunk ${chunk}`).toEqual(whole);
    expect(scanAll(input, chunk, dialect, max, 32), `chunk ${chunk} front`).toEqual(whole);
  }
  return whole;
}

describe('RecordScanner', () => {
  it('splits on LF, CRLF and CR, mixed, and numbers physical lines', () => {
    expect(scanEverySize('a,b\n1,2\r\n3,4\r5,6\n\n7,8')).toEqual([
      [1, 'ok', 'a,b'],
      [2, 'ok', '1,2'],
      [3, 'ok', '3,4'],
      [4, 'ok', '5,6'],
      [5, 'ok', ''],
      [6, 'ok', '7,8'],
    ]);
  });

  it('keeps quoted newlines inside the record and counts them as lines', () => {
    expect(scanEverySize('h\n"a\nb\r\nc\rd",x\n"e""\n",f\r\nlast')).toEqual([
      [1, 'ok', 'h'],
      [2, 'ok', '"a\nb\r\nc\rd",x'],
      [6, 'ok', '"e""\n",f'],
      [8, 'ok', 'last'],
    ]);
  });

  it('treats a quote inside an unquoted field as a literal', () => {
    expect(scanEverySize('a,b"c\nd,e\n')).toEqual([
      [1, 'ok', 'a,b"c'],
      [2, 'ok', 'd,e'],
    ]);
  });

  it('opens quotes after one space at a field start and after a closed quote and spaces, like DuckDB', () => {
    expect(scanEverySize('1, "a\nb",c\n2,"x"  "y\nz"\n3,"p"q"r\ns"\n4,  "t\nu"\n')).toEqual([
      [1, 'ok', '1, "a\nb",c'],
      [3, 'ok', '2,"x"  "y\nz"'],
      [5, 'bad_quote', '3,"p"q"r'],
      [6, 'ok', 's"'],
      [7, 'ok', '4,  "t'],
      [8, 'ok', 'u"'],
    ]);
  });

  it('rejects an unclosed quote at its first line and resumes on the next line', () => {
    expect(scanEverySize('a,b\n1,"open\n2,x\n3,y')).toEqual([
      [1, 'ok', 'a,b'],
      [2, 'unclosed', '1,"open'],
      [3, 'ok', '2,x'],
      [4, 'ok', '3,y'],
    ]);
    expect(scanEverySize('a\n"')).toEqual([
      [1, 'ok', 'a'],
      [2, 'unclosed', '"'],
    ]);
  });

  it('rejects a quote that stays open past the record limit', () => {
    const input = `h\n"${'x\n'.repeat(20)}\nafter\n`;
    const r = scanEverySize(input, {}, 16);
    expect(r[0]).toEqual([1, 'ok', 'h']);
    expect(r[1]).toEqual([2, 'unclosed', '"x']);
    expect(r[2]).toEqual([3, 'ok', 'x']);
    expect(r.at(-2)).toEqual([22, 'ok', '']);
    expect(r.at(-1)).toEqual([23, 'ok', 'after']);
  });

  it('rejects a line over the record limit and goes on after it', () => {
    const r = scanEverySize(`a\n${'y'.repeat(40)}\nb\n${'z'.repeat(40)}`, {}, 20);
    expect(r).toEqual([
      [1, 'ok', 'a'],
      [2, 'too_long', 'y'.repeat(16)],
      [3, 'ok', 'b'],
      [4, 'too_long', 'z'.repeat(16)],
    ]);
  });

  it('handles backslash escapes inside quotes', () => {
    const d = { escape: 92 };
    expect(scanEverySize('"a\\"\nb",c\n"d\\\\"\ne\n', d)).toEqual([
      [1, 'ok', '"a\\"\nb",c'],
      [3, 'ok', '"d\\\\"'],
      [4, 'ok', 'e'],
    ]);
  });

  it('splits only on line breaks when there is no quote character', () => {
    expect(scanEverySize('"a\nb"\n', { quote: -1, escape: -1 })).toEqual([
      [1, 'ok', '"a'],
      [2, 'ok', 'b"'],
    ]);
  });

  it('uses single quotes and other delimiters', () => {
    expect(scanEverySize("x;'a;\nb';c\n", { delimiter: 59, quote: 39, escape: 39 })).toEqual([
      [1, 'ok', "x;'a;\nb';c"],
    ]);
  });

  it('does not emit a record for a final line break, nor for an empty input', () => {
    expect(scanEverySize('a\n')).toEqual([[1, 'ok', 'a']]);
    expect(scanEverySize('')).toEqual([]);
    expect(scanEverySize('a\r\n\r\n')).toEqual([
      [1, 'ok', 'a'],
      [2, 'ok', ''],
    ]);
  });

  it('keeps multi-megabyte quoted fields whole', () => {
    const big = 'v'.repeat(3 << 20);
    const r = scanAll(`h\n"${big}\n${big}",x\nz`, 1 << 20, {}, 64 << 20);
    expect(r.map(([l, k, t]) => [l, k, t.length])).toEqual([
      [1, 'ok', 1],
      [2, 'ok', 2 * big.length + 5],
      [4, 'ok', 1],
    ]);
  });
});
