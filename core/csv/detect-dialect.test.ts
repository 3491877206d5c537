import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { detectDialect } from './detect-dialect.js';
import { csvParseOptions } from './parse-options.js';

const rowsOf = (text: string) => {
  const d = detectDialect(text).dialect;
  return parse(text, csvParseOptions(d)) as string[][];
};

describe('detectDialect: delimiters', () => {
  it.each([
    [',', 'id,name,amount\n1,Ann,3.5\n2,Bob,4\n3,Cid,10.25\n'],
    [';', 'id;name;amount\n1;Ann;3.5\n2;Bob;4\n3;Cid;10.25\n'],
    ['\t', 'id\tname\tnote\n1\tAnn\tfine, thanks\n2\tBob\tok; sure\n'],
    ['|', 'id|name|amount\n1|Ann|3.5\n2|Bob|4\n'],
  ])('finds %j', (delimiter, text) => {
    const r = detectDialect(text);
    expect(r.dialect).toEqual({ delimiter, quote: '"', escape: '"', header: true, lineEnding: 'lf' });
    expect(r.parts.delimiter).toBeGreaterThan(0.7);
    expect(r.candidates[0]!.delimiter).toBe(delimiter);
    expect(r.candidates.map((c) => c.delimiter).sort()).toEqual(['\t', ',', ';', '|']);
  });

  it('is not fooled by quoted fields that contain other delimiters', () => {
    expect(detectDialect('id,tags\n1,"a;b;c"\n2,"x|y;z"\n3,"p;q"\n').dialect.delimiter).toBe(',');
    expect(detectDialect('id;addr\n1;"Main St, 5"\n2;"Elm St, 7, rear"\n').dialect.delimiter).toBe(';');
  });

  it('reads European CSV: ";" delimiter and decimal commas', () => {
    const r = detectDialect('name;price;qty\nfoo;1,5;2\nbar;2,25;3\nbaz;10,0;1\n');
    expect(r.dialect).toMatchObject({ delimiter: ';', header: true });
    expect(detectDialect('1,5;2,3\n4,1;5,2\n6,7;8,9\n').dialect).toMatchObject({
      delimiter: ';',
      header: false,
    });
  });

  it('reads a one-column file as one column, even with decimal commas', () => {
    expect(rowsOf('name\nAlice\nBob\nCarol\n')).toEqual([['name'], ['Alice'], ['Bob'], ['Carol']]);
    expect(rowsOf('value\n1,5\n2,25\n3,75\n')).toEqual([['value'], ['1,5'], ['2,25'], ['3,75']]);
    expect(rowsOf('name\nSmith, John\nDoe, Jane\n').every((r) => r.length === 1)).toBe(true);
    expect(detectDialect('name\nAlice\nBob\nCarol\n').dialect.header).toBe(true);
  });

  it('detects a headerless numeric file', () => {
    const r = detectDialect('1,2,3\n4,5,6\n7,8,9\n');
    expect(r.dialect).toMatchObject({ delimiter: ',', header: false });
    expect(r.parts.header).toBeGreaterThan(0.9);
  });

  it('is surer of a clean file than of an ambiguous one', () => {
    const clean = detectDialect('id,name,amount\n1,Ann,3.5\n2,Bob,4\n3,Cid,10.25\n4,Dee,1\n').parts.delimiter;
    const ragged = detectDialect('a,b;c\n1;2,3,4\n5,6;7\n').parts.delimiter;
    expect(clean).toBeGreaterThan(0.9);
    expect(ragged).toBeLessThan(clean);
  });
});

describe('detectDialect: quotes and escapes', () => {
  it('keeps doubled-quote escaping and quoted newlines', () => {
    const text = 'id,text\n1,"say ""hi"", then\nleave"\n2,"x"\n3,plain\n';
    expect(detectDialect(text).dialect).toEqual({
      delimiter: ',',
      quote: '"',
      escape: '"',
      header: true,
      lineEnding: 'lf',
    });
    expect(rowsOf(text)[1]).toEqual(['1', 'say "hi", then\nleave']);
  });
  it('finds backslash escaping', () => {
    const text = 'id,text\n1,"say \\"hi\\", ok"\n2,"plain"\n3,"a \\"b\\""\n';
    expect(detectDialect(text).dialect).toMatchObject({ quote: '"', escape: '\\' });
    expect(rowsOf(text)[1]).toEqual(['1', 'say "hi", ok']);
  });
  it('finds single-quote quoting', () => {
    const text = "id,name\n1,'Smith, John'\n2,'Doe, Jane'\n3,'Roe, Rich'\n";
    expect(detectDialect(text).dialect).toMatchObject({ delimiter: ',', quote: "'", escape: "'" });
  });
  it('keeps inch marks and apostrophes inside fields as text', () => {
    const text = 'item,size\nTV,55"\nMonitor,27" wide\nO\'Brien\'s desk,2 m\n';
    expect(rowsOf(text)).toEqual([
      ['item', 'size'],
      ['TV', '55"'],
      ['Monitor', '27" wide'],
      ["O'Brien's desk", '2 m'],
    ]);
  });
});

describe('detectDialect: line endings', () => {
  it.each([
    ['a,b\r\n1,2\r\n3,4\r\n', 'crlf'],
    ['a,b\r1,2\r3,4\r', 'cr'],
    ['a,b\n1,2\n3,4', 'lf'],
    ['a,b\r\n1,2\n3,4\r', 'mixed'],
  ])('%j → %s', (text, lineEnding) => {
    expect(detectDialect(text).dialect.lineEnding).toBe(lineEnding);
  });
  it('reads CRLF records with LF inside quoted cells as CRLF', () => {
    expect(detectDialect('a,b\r\n1,"x\ny"\r\n2,z\r\n').dialect.lineEnding).toBe('crlf');
  });
});

describe('detectDialect: samples and overrides', () => {
  it('ignores a line cut at the end of a sample, even inside a quoted field', () => {
    const body = Array.from({ length: 50 }, (_, i) => `${i};"note ${i}, with comma";${i * 2},5`).join('\n');
    const r = detectDialect(`${body}\n51;"cut here, in the\nmiddle`, {}, { truncated: true });
    expect(r.dialect).toMatchObject({ delimiter: ';', quote: '"', header: false });
    expect(r.parts.delimiter).toBeGreaterThan(0.9);
  });
  it('lets overrides win with certainty', () => {
    const r = detectDialect('a,b\n1,2\n', { delimiter: ';', header: false, quote: null, escape: null });
    expect(r.dialect).toMatchObject({ delimiter: ';', header: false, quote: null, escape: null });
    expect(r.parts).toEqual({ delimiter: 1, quote: 1, header: 1 });
    expect(r.candidates[0]!.delimiter).toBe(',');
  });
  it('skips a leading BOM character', () => {
    expect(detectDialect('\uFEFFid;x\n1;2\n').dialect.delimiter).toBe(';');
  });
  it('handles a header-only file and 2,000 columns', () => {
    expect(detectDialect('id;name;city\n').dialect).toMatchObject({ delimiter: ';', header: true });
    const wide = Array.from({ length: 2000 }, (_, i) => `c${i}`).join('\t');
    const row = Array.from({ length: 2000 }, (_, i) => String(i)).join('\t');
    expect(detectDialect(`${wide}\n${row}\n${row}\n`).dialect).toMatchObject({
      delimiter: '\t',
      header: true,
    });
  });
});

describe('detectDialect: csv-spectrum', () => {
  const dir = new URL('../../node_modules/csv-spectrum/csvs/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
  it.each(files)('%s: comma, double quotes, header', (file) => {
    const r = detectDialect(readFileSync(new URL(file, dir), 'utf8'));
    expect(r.dialect).toEqual({
      delimiter: ',',
      quote: '"',
      escape: '"',
      header: true,
      lineEnding: file.includes('crlf') ? 'crlf' : 'lf',
    });
  });
});
