import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect, EncodingName } from '../contract/datasets.js';
import { AppError } from '../contract/errors.js';
import { previewFile } from './preview.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-preview-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const comma: Dialect = { delimiter: ',', quote: '"', escape: '"', header: true, lineEnding: 'lf' };
const utf8 = { encoding: 'utf-8' as EncodingName, bom: false, dialect: comma };

async function file(name: string, content: string | Uint8Array): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

describe('previewFile', () => {
  it('returns columns, rows and the line each record starts on', async () => {
    const p = await file('a.csv', 'id,name\n1,Ann\n2,Bob\n');
    expect(await previewFile(p, utf8)).toEqual({
      columns: ['id', 'name'],
      rows: [
        ['1', 'Ann'],
        ['2', 'Bob'],
      ],
      lines: [2, 3],
      truncated: false,
      header: ['id', 'name'],
      renamed: [],
    });
  });

  it('counts physical lines through quoted newlines, blank lines and every line-break style', async () => {
    const p = await file('q.csv', 'id,text\n1,"a\nb"\n2,c\n\n3,"x\r\ny\rz"\r\n4,w');
    const r = await previewFile(p, utf8);
    expect(r.lines).toEqual([2, 4, 6, 9]);
    expect(r.rows).toEqual([
      ['1', 'a\nb'],
      ['2', 'c'],
      ['3', 'x\r\ny\rz'],
      ['4', 'w'],
    ]);
    const cr = await file('cr.csv', 'id,v\r1,a\r\r2,b\r');
    expect((await previewFile(cr, utf8)).lines).toEqual([2, 4]);
    // Excel style: CRLF records, CRLF and LF inside cells, CRLF blank lines.
    const xl = await file('xl.csv', 'id,v\r\n1,"a\r\nb\r\n\r\nc"\r\n\r\n2,"d\ne"\r\n3,"\r\n"\r\n4,z\r\n');
    expect((await previewFile(xl, utf8)).lines).toEqual([2, 7, 9, 11]);
  });

  it('keeps line numbers right across chunk boundaries (CRLF inside and between records)', async () => {
    // Records of growing length, so CRLFs land on every side of the 64 KiB read boundaries.
    const recs = Array.from(
      { length: 3000 },
      (_, k) => `${k},"${'x'.repeat(k % 97)}\r\n${'y'.repeat(k % 13)}"\r\n`,
    );
    const p = await file('chunks.csv', `id,v\r\n${recs.join('')}`);
    const r = await previewFile(p, utf8, { rows: 3000 });
    expect(r.lines).toEqual(Array.from({ length: 3000 }, (_, k) => 2 + 2 * k));
    expect(r.rows[2999]).toEqual(['2999', `${'x'.repeat(2999 % 97)}\r\n${'y'.repeat(2999 % 13)}`]);
  });

  it('keeps characters outside the BMP whole across slice and chunk boundaries', async () => {
    const sushi = '🍣'.repeat(50_000); // 200 KB of 4-byte characters, split at every kind of offset
    const p = await file('emoji.csv', `id,v\n1,${sushi}\n2,x${sushi}\n`);
    expect((await previewFile(p, utf8)).rows).toEqual([
      ['1', sushi],
      ['2', `x${sushi}`],
    ]);
  });

  it('stops at N rows and says whether there are more', async () => {
    const p = await file('n.csv', `n\n${Array.from({ length: 10 }, (_, i) => i).join('\n')}\n`);
    const three = await previewFile(p, utf8, { rows: 3 });
    expect([three.rows, three.truncated]).toEqual([[['0'], ['1'], ['2']], true]);
    expect((await previewFile(p, utf8, { rows: 10 })).truncated).toBe(false);
  });

  it('pads short records with null and cuts long ones to the header width', async () => {
    const p = await file('ragged.csv', 'a,b,c\n1\n1,2,3,4\n,,\n');
    expect((await previewFile(p, utf8)).rows).toEqual([
      ['1', null, null],
      ['1', '2', '3'],
      ['', '', ''],
    ]);
  });

  it('shows the columns of a header-only file with no rows', async () => {
    const p = await file('head.csv', 'id,name\r\n\r\n');
    expect(await previewFile(p, utf8)).toMatchObject({
      columns: ['id', 'name'],
      rows: [],
      lines: [],
      truncated: false,
    });
  });

  it('names columns of a headerless file and starts lines at 1', async () => {
    const p = await file('nohead.csv', '1;2\n3;4\n');
    const dialect: Dialect = { ...comma, delimiter: ';', header: false };
    const r = await previewFile(p, { ...utf8, dialect });
    expect(r).toMatchObject({
      columns: ['column_1', 'column_2'],
      lines: [1, 2],
      header: ['column_1', 'column_2'],
    });
  });

  it('renames empty and duplicate header names and reports it', async () => {
    const p = await file('dup.csv', 'id,,id\n1,2,3\n');
    const r = await previewFile(p, utf8);
    expect(r.columns).toEqual(['id', 'column_2', 'id_2']);
    expect(r.header).toEqual(['id', '', 'id']);
    expect(r.renamed).toEqual([
      { index: 1, from: '', to: 'column_2' },
      { index: 2, from: 'id', to: 'id_2' },
    ]);
  });

  it('skips the BOM and decodes UTF-16 LE/BE and Windows-1252', async () => {
    const text = 'name,price\nZoë,€3\n';
    const cases: [string, EncodingName, boolean, Buffer][] = [
      ['bom8.csv', 'utf-8', true, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
      ['le.csv', 'utf-16le', true, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['be.csv', 'utf-16be', false, Buffer.from(text, 'utf16le').swap16()],
      [
        'cp.csv',
        'windows-1252',
        false,
        Buffer.from([...Buffer.from('name,price\nZo'), 0xeb, 0x2c, 0x80, 0x33, 0x0a]),
      ],
    ];
    for (const [name, encoding, bom, bytes] of cases) {
      const r = await previewFile(await file(name, bytes), { encoding, bom, dialect: comma });
      expect([name, r.columns, r.rows]).toEqual([name, ['name', 'price'], [['Zoë', '€3']]]);
    }
  });

  it('returns the records before an unclosed quote instead of throwing', async () => {
    const p = await file('bad.csv', 'id,t\n1,a\n2,"never closed\n3,c\n4,d\n');
    const r = await previewFile(p, utf8);
    expect(r.rows).toEqual([['1', 'a']]);
    expect(r.lines).toEqual([2]);
  });

  it('stops reading after maxBytes when no record ends', async () => {
    const p = await file('long.csv', `id,t\n1,"${'x'.repeat(300_000)}`);
    const r = await previewFile(p, utf8, { maxBytes: 100_000 });
    expect([r.rows, r.truncated]).toEqual([[], true]);
  });

  it('is cancelled by its signal', async () => {
    const p = await file('c.csv', 'a\n1\n');
    const ac = new AbortController();
    ac.abort();
    await expect(previewFile(p, utf8, { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    const ac2 = new AbortController();
    const pending = previewFile(p, utf8, { signal: ac2.signal });
    ac2.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('names the file when it is missing', async () => {
    const missing = join(dir, 'gone.csv');
    const e = await previewFile(missing, utf8).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'FILE_NOT_FOUND', details: { file: missing } });
  });
});
