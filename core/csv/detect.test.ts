import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.js';
import { detectFile } from './detect.js';
import { previewFile } from './preview.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-detect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Uint8Array | string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, bytes);
  return p;
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

const EURO = 'name;price;city\nCafé;1,50;Köln\nTürkçe;2,25;Zürich\nÆble;3,00;Århus\n';

describe('detectFile', () => {
  it('detects a UTF-8 file with BOM and its dialect', async () => {
    const p = await file('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(EURO)]));
    const d = await detectFile(p);
    expect(d).toMatchObject({ encoding: 'utf-8', encodingConfidence: 1, bom: true, bomLength: 3 });
    expect(d.dialect).toEqual({ delimiter: ';', quote: '"', escape: '"', header: true, lineEnding: 'lf' });
    expect(d.dialectConfidence).toBeGreaterThan(0.6);
    expect(d.delimiterCandidates[0]).toMatchObject({ delimiter: ';' });
  });

  it('detects UTF-16 BE without BOM and Windows-1252', async () => {
    const be = await file('be.csv', Buffer.from(EURO.replaceAll('\n', '\r\n'), 'utf16le').swap16());
    expect(await detectFile(be)).toMatchObject({ encoding: 'utf-16be', bom: false, bomLength: 0 });
    expect((await detectFile(be)).dialect).toMatchObject({ delimiter: ';', lineEnding: 'crlf' });
    const latin = await file('latin.csv', Buffer.from(EURO.replace('Türkçe', 'Prix €'), 'latin1'));
    const cp = await detectFile(latin);
    expect(cp).toMatchObject({ encoding: 'windows-1252', dialect: { delimiter: ';', header: true } });
  });

  it('reads only a sample, cut inside a character and inside a quoted field', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `${i}|"Zoë ${i}\nsecond line"|€${i}`).join('\n');
    const p = await file('big.csv', `id|note|price\n${rows}\n`);
    // 1000 bytes ends somewhere inside a record; try several cut points.
    for (const sampleBytes of [997, 998, 999, 1000, 1001]) {
      const d = await detectFile(p, {}, { sampleBytes });
      expect(d).toMatchObject({ encoding: 'utf-8', dialect: { delimiter: '|', quote: '"', header: true } });
    }
  });

  it('lets overrides win, certain', async () => {
    const p = await file('over.csv', EURO);
    const d = await detectFile(p, { encoding: 'windows-1252', delimiter: ',', header: false });
    expect(d).toMatchObject({ encoding: 'windows-1252', encodingConfidence: 1, bom: false });
    expect(d.dialect).toMatchObject({ delimiter: ',', header: false });
    const bom = await file(
      'over-bom.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(EURO)]),
    );
    expect(await detectFile(bom, { encoding: 'utf-8' })).toMatchObject({ bom: true, bomLength: 3 });
  });

  it('refuses a missing file, a folder, an empty file and a blank one, naming the file', async () => {
    const missing = join(dir, 'nope.csv');
    expect(await rejection(detectFile(missing))).toMatchObject({
      code: 'FILE_NOT_FOUND',
      details: { file: missing },
    });
    expect(await rejection(detectFile(dir))).toMatchObject({
      code: 'FILE_UNREADABLE',
      details: { file: dir },
    });
    const empty = await file('empty.csv', '');
    expect(await rejection(detectFile(empty))).toMatchObject({
      code: 'FILE_EMPTY',
      details: { file: empty },
    });
    const blank = await file('blank.csv', Buffer.from([0xef, 0xbb, 0xbf, 0x0a, 0x0d, 0x0a]));
    const e = await rejection(detectFile(blank));
    expect(e.code).toBe('FILE_EMPTY');
    expect(e.details.hint).toEqual(expect.any(String));
  });

  it('refuses a binary file, even with an encoding forced', async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(200),
    ]);
    const p = await file('img.csv', png);
    expect(await rejection(detectFile(p))).toMatchObject({ code: 'FILE_BINARY', details: { file: p } });
    expect(await rejection(detectFile(p, { encoding: 'utf-8' }))).toMatchObject({ code: 'FILE_BINARY' });
  });

  it('refuses an unreadable file when permissions apply (root reads everything)', async () => {
    const p = await file('locked.csv', 'a,b\n1,2\n');
    await chmod(p, 0o000);
    try {
      const outcome = await detectFile(p).then(
        () => 'read',
        (e: unknown) => (e instanceof AppError ? e.code : 'other'),
      );
      expect(outcome).toBe(process.getuid?.() === 0 ? 'read' : 'FILE_UNREADABLE');
    } finally {
      await chmod(p, 0o600);
    }
  });

  it('handles a 1 MB field and 2,000 columns, detection through preview', async () => {
    const blob = 'x'.repeat(1024 * 1024);
    const big = await file('blob.csv', `id,blob,n\n1,"${blob}",2\n2,y,3\n`);
    const d = await detectFile(big);
    expect(d.dialect).toMatchObject({ delimiter: ',', header: true });
    const p = await previewFile(big, d);
    expect(p.rows).toEqual([
      ['1', blob, '2'],
      ['2', 'y', '3'],
    ]);
    const names = Array.from({ length: 2000 }, (_, i) => `c${i}`);
    const row = names.map((_, i) => String(i * 3));
    const wide = await file('wide.csv', `${names.join(';')}\r\n${row.join(';')}\r\n${row.join(';')}\r\n`);
    const dw = await detectFile(wide);
    expect(dw.dialect).toMatchObject({ delimiter: ';', header: true, lineEnding: 'crlf' });
    const pw = await previewFile(wide, dw);
    expect([pw.columns, pw.rows, pw.lines]).toEqual([names, [row, row], [2, 3]]);
  });
});
