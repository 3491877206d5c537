// Dirty and unusual CSV structure: field counts, quotes, line endings, blank lines, headers, delimiters, sizes.
// Every import checks rows + rejects = data records and that no temporary file is left (see importAndRead).

import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/contract/errors.js';
import { importCsv } from '../../core/import/index.js';
import {
  byLine,
  detection,
  importAndRead,
  openWorkspace,
  rejectReasons,
  type Workspace,
} from '../support/import-harness.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await openWorkspace();
});
afterAll(async () => {
  await ws.close();
});

let n = 0;
async function imp(content: string | Buffer, dialect = {}, extra = {}) {
  const path = await ws.file(`case-${n++}.csv`, content);
  return importAndRead(ws, path, detection(dialect), extra);
}

async function importError(content: string | Buffer, dialect = {}): Promise<AppError> {
  const path = await ws.file(`err-${n++}.csv`, content);
  const err = await importCsv({
    path,
    detection: detection(dialect),
    db: ws.db,
    datasetId: 'err',
    tmpDir: ws.tmpDir,
  }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('field counts', () => {
  it('rejects lines with too many or too few fields, with the true line and raw text', async () => {
    const r = await imp('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12,\n13,14,15\n');
    expect(byLine(r.rows)).toEqual([
      [2, ['1', '2', '3']],
      [6, ['13', '14', '15']],
    ]);
    expect(r.rejects.rejects).toEqual([
      { line: 3, reason: 'too_few_fields', message: 'Expected 3 fields, found 2.', raw: '4,5' },
      { line: 4, reason: 'too_many_fields', message: 'Expected 3 fields, found more.', raw: '6,7,8,9' },
      // A trailing delimiter is an empty fourth field: DuckDB alone would let it pass.
      { line: 5, reason: 'too_many_fields', message: 'Expected 3 fields, found more.', raw: '10,11,12,' },
    ]);
    expect(r.result).toMatchObject({ rowsImported: 2, linesRejected: 3, dataRecords: 5, blankLines: 0 });
  });

  it('keeps values exactly: spaces, unquoted empty as null, quoted empty as empty string', async () => {
    const r = await imp('a,b,c,d\n x , "y" ,,""\n');
    expect(r.rows.rows).toEqual([[' x ', 'y', null, '']]);
  });
});

describe('quotes', () => {
  it('rejects an unclosed quote that runs to the end of the file at its first line, and keeps what follows', async () => {
    const r = await imp('a,b\n1,2\n3,"never closed\n4,5\n6,7\n');
    expect(byLine(r.rows)).toEqual([
      [2, ['1', '2']],
      [4, ['4', '5']],
      [5, ['6', '7']],
    ]);
    expect(r.rejects.rejects).toEqual([
      {
        line: 3,
        reason: 'unclosed_quote',
        message: expect.stringContaining('never closed'),
        raw: '3,"never closed',
      },
    ]);
  });

  it('rejects an unclosed quote on the last line', async () => {
    const r = await imp('a,b\n1,2\n3,"x');
    expect(byLine(r.rows)).toEqual([[2, ['1', '2']]]);
    expect(rejectReasons(r.rejects)).toEqual([[3, 'unclosed_quote']]);
  });

  it('an unbalanced quote mid-file swallows lines up to the next quote: one reject, raw text kept', async () => {
    const r = await imp('a,b\n1,"open\n2,x\n3,"y"\n4,z\n');
    expect(byLine(r.rows)).toEqual([[5, ['4', 'z']]]);
    expect(r.rejects.rejects).toEqual([
      {
        line: 2,
        reason: 'invalid_quote',
        message: expect.stringContaining('character 16'),
        raw: '1,"open\n2,x\n3,"y"',
      },
    ]);
  });

  it('rejects text after a closing quote; a quote inside an unquoted field is a literal', async () => {
    const r = await imp('a,b\n1,"x"y\n2,x"y\n3,"ok ""quoted"""\n');
    expect(byLine(r.rows)).toEqual([
      [3, ['2', 'x"y']],
      [4, ['3', 'ok "quoted"']],
    ]);
    expect(r.rejects.rejects).toEqual([
      { line: 2, reason: 'invalid_quote', message: expect.stringContaining('character 6'), raw: '1,"x"y' },
    ]);
  });
});

describe('line endings, quoted newlines and blank lines', () => {
  it('accepts CR, LF and CRLF mixed and numbers physical lines', async () => {
    const r = await imp('a,b\r1,2\n3,4\r\n5,6\r7,8');
    expect(byLine(r.rows)).toEqual([
      [2, ['1', '2']],
      [3, ['3', '4']],
      [4, ['5', '6']],
      [5, ['7', '8']],
    ]);
  });

  it('keeps quoted newlines in the value and numbers the lines after them right', async () => {
    const r = await imp('a,b\n"one\ntwo\r\nthree",x\n4,5\n"\r",y\n9,10\n');
    expect(byLine(r.rows)).toEqual([
      [2, ['one\ntwo\r\nthree', 'x']],
      [5, ['4', '5']],
      [6, ['\r', 'y']],
      [8, ['9', '10']],
    ]);
  });

  it('skips and counts blank lines, which are not data', async () => {
    const r = await imp('\na,b\n\n1,2\r\n\r\n3,4\n\n');
    expect(byLine(r.rows)).toEqual([
      [4, ['1', '2']],
      [6, ['3', '4']],
    ]);
    expect(r.result).toMatchObject({ blankLines: 4, dataRecords: 2 });
  });

  it('in a one-column file an empty line is an empty value', async () => {
    const r = await imp('name\nann\n\nbob\n');
    expect(byLine(r.rows)).toEqual([
      [2, ['ann']],
      [3, [null]],
      [4, ['bob']],
    ]);
  });
});

describe('headers', () => {
  it('renames empty and duplicate header names deterministically and reports them', async () => {
    const r = await imp('a,,a,A,\n1,2,3,4,5\n');
    expect(r.rows.columns).toEqual(['a', 'column_2', 'a_2', 'A_3', 'column_5']);
    expect(r.result.renamedColumns).toEqual([
      { index: 1, from: '', to: 'column_2' },
      { index: 2, from: 'a', to: 'a_2' },
      { index: 3, from: 'A', to: 'A_3' },
      { index: 4, from: '', to: 'column_5' },
    ]);
    expect(r.result.columns.map((c) => c.sourceName)).toEqual(['a', '', 'a', 'A', '']);
  });

  it('parses quoted header names, and the reserved __line is renamed', async () => {
    const r = await imp('"x, y","say ""hi""",__line\n1,2,3\n');
    expect(r.rows.columns).toEqual(['x, y', 'say "hi"', '__line_2']);
    expect(r.rows.rows).toEqual([['1', '2', '3']]);
  });

  it('imports a headerless file with generated names from line 1', async () => {
    const r = await imp('1,2\n3,4,5\n6,7', { header: false });
    expect(r.rows.columns).toEqual(['column_1', 'column_2']);
    expect(byLine(r.rows)).toEqual([
      [1, ['1', '2']],
      [3, ['6', '7']],
    ]);
    expect(rejectReasons(r.rejects)).toEqual([[2, 'too_many_fields']]);
  });

  it('a header-only file imports 0 rows', async () => {
    for (const text of ['a,b\n', 'a,b']) {
      const r = await imp(text);
      expect(r.result).toMatchObject({ rowsImported: 0, linesRejected: 0, dataRecords: 0 });
      expect(r.rows.columns).toEqual(['a', 'b']);
    }
  });

  it('an empty file, a BOM-only file or blank lines only is FILE_EMPTY with the file and a hint', async () => {
    for (const content of ['', Buffer.from([0xef, 0xbb, 0xbf]), '\n\r\n\n']) {
      const e = await importError(content);
      expect(e.code).toBe('FILE_EMPTY');
      expect(e.details.file).toMatch(/err-\d+\.csv$/);
      expect(e.details.hint).toBeTruthy();
    }
  });

  it('a header whose quote never closes is CSV_MALFORMED at line 1', async () => {
    const e = await importError('x,"a,b\n1,2\n');
    expect(e.code).toBe('CSV_MALFORMED');
    expect(e.details).toMatchObject({ line: 1, column: 3 });
    expect(e.details.hint).toBeTruthy();
  });

  it('a header with a misplaced quote still gives its names', async () => {
    const r = await imp('"a"x,b\n1,2\n');
    expect(r.rows.columns).toEqual(['ax', 'b']);
    expect(r.rows.rows).toEqual([['1', '2']]);
  });

  it('a missing file is FILE_NOT_FOUND', async () => {
    const e = await importCsv({
      path: `${ws.dir}/nope.csv`,
      detection: detection(),
      db: ws.db,
      datasetId: 'err',
      tmpDir: ws.tmpDir,
    }).catch((x: unknown) => x as AppError);
    expect(e).toMatchObject({ code: 'FILE_NOT_FOUND', details: { file: `${ws.dir}/nope.csv` } });
  });
});

describe('dialects', () => {
  it('reads ; delimited files', async () => {
    const r = await imp('a;b\n"1;2";3\n4;5;6\n', { delimiter: ';' });
    expect(byLine(r.rows)).toEqual([[2, ['1;2', '3']]]);
    expect(rejectReasons(r.rejects)).toEqual([[3, 'too_many_fields']]);
  });

  it('reads TAB delimited files', async () => {
    const r = await imp('a\tb\n"x\ty"\t2\n3\t\n', { delimiter: '\t' });
    expect(byLine(r.rows)).toEqual([
      [2, ['x\ty', '2']],
      [3, ['3', null]],
    ]);
  });

  it('reads backslash escapes, single quotes and no quoting', async () => {
    let r = await imp('a,b\n"x\\"y",2\n', { escape: '\\' });
    expect(r.rows.rows).toEqual([['x"y', '2']]);
    r = await imp("a|b\n'x|y'|2\n", { delimiter: '|', quote: "'", escape: "'" });
    expect(r.rows.rows).toEqual([['x|y', '2']]);
    r = await imp('a,b\n"x,y"\n', { quote: null, escape: null });
    expect(r.rows.rows).toEqual([['"x', 'y"']]);
  });
});

describe('sizes', () => {
  it('keeps a 1 MB field whole', async () => {
    const big = 'x,"y"\n'.repeat(180_000).slice(0, 1_000_000);
    const quoted = `"${big.replaceAll('"', '""')}"`;
    const r = await imp(`id,text,after\n1,${quoted},z\n2,small,z\n`);
    expect(r.rows.rows[0]![1]).toBe(big);
    const lines = big.split('\n').length - 1;
    expect(r.rows.lines).toEqual([2, 3 + lines]);
  });

  it('imports 2,000 columns', async () => {
    const header = Array.from({ length: 2000 }, (_, i) => `c${i + 1}`).join(',');
    const row = (k: number) => Array.from({ length: k }, (_, i) => `v${i}`).join(',');
    const r = await imp(`${header}\n${row(2000)}\n${row(1999)}\n${row(2000)}\n`);
    expect(r.rows.columns).toHaveLength(2000);
    expect(r.rows.lines).toEqual([2, 4]);
    expect(r.rows.rows[0]![1999]).toBe('v1999');
    // Longer than the 10,000 characters DuckDB keeps of a rejected line: re-read whole from the part file.
    expect(r.rejects.rejects).toEqual([
      { line: 3, reason: 'too_few_fields', message: 'Expected 2000 fields, found 1999.', raw: row(1999) },
    ]);
  });

  it('rejects many short lines in a wide file once each (DuckDB logs one error per missing column)', async () => {
    const header = Array.from({ length: 200 }, (_, i) => `c${i}`).join(',');
    const good = Array.from({ length: 200 }, (_, i) => `v${i}`).join(',');
    const short = Array.from({ length: 100 }, (_, i) => `only ${i}`);
    const r = await imp(`${header}\n${short.join('\n')}\n${good}\n`);
    expect(r.rows.lines).toEqual([102]);
    expect(r.rejects.rejects.map((x) => [x.line, x.reason, x.raw])).toEqual(
      short.map((raw, i) => [i + 2, 'too_few_fields', raw]),
    );
  });

  it('rejects lines over the record limit (a quote still open there: unclosed) and goes on', async () => {
    const r = await imp(
      `a,b\n1,2\n${'x'.repeat(300)},y\n3,4\n"${'q'.repeat(300)}",z\n5,6\n`,
      {},
      { maxRecordBytes: 100 },
    );
    expect(byLine(r.rows)).toEqual([
      [2, ['1', '2']],
      [4, ['3', '4']],
      [6, ['5', '6']],
    ]);
    expect(rejectReasons(r.rejects)).toEqual([
      [3, 'line_too_long'],
      [5, 'unclosed_quote'],
    ]);
    expect(r.rejects.rejects.map((x) => x.raw)).toEqual(['x'.repeat(100), `"${'q'.repeat(99)}`]);
  });

  it('gives the same result whatever the read size', async () => {
    const text = 'a,b\n"1\n2",x\n3,"y""\r\n"\r\n\n4,5,6\n7,"z"w\n8,"';
    const whole = await imp(text);
    for (const chunkBytes of [1, 2, 3, 7]) {
      const small = await imp(text, {}, { chunkBytes, partBytes: 8 });
      expect({ rows: small.rows, rejects: small.rejects }).toEqual({
        rows: whole.rows,
        rejects: whole.rejects,
      });
    }
  });
});

describe('re-import and temporary files', () => {
  it('creates a missing temporary folder and leaves it empty', async () => {
    const path = await ws.file(`case-${n++}.csv`, 'a\n1\n');
    const tmpDir = `${ws.dir}/new-tmp/sub`;
    const r = await importCsv({ path, detection: detection(), db: ws.db, datasetId: 'tmp', tmpDir });
    expect(r.rowsImported).toBe(1);
    expect(await readdir(tmpDir)).toEqual([]);
  });

  it('replaces the previous tables', async () => {
    await imp('a,b\n1,2\n3,4\n');
    const r = await imp('c\nx\n');
    expect(r.rows.columns).toEqual(['c']);
    expect(byLine(r.rows)).toEqual([[2, ['x']]]);
    expect(r.rejects.total).toBe(0);
  });
});
