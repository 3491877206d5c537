// Source encodings: UTF-8 (with a BOM, with invalid bytes), Windows-1252 and UTF-16 LE/BE with a BOM. Every
// value must arrive in DuckDB as the right text; a line with bytes invalid in the encoding is rejected.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncodingName } from '../../core/contract/datasets.js';
import {
  byLine,
  detection,
  importAndRead,
  openWorkspace,
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
async function imp(content: Buffer, encoding: EncodingName, bom = false, extra = {}) {
  const path = await ws.file(`enc-${n++}.csv`, content);
  return importAndRead(ws, path, detection({}, encoding, bom), extra);
}

const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();

describe('UTF-8', () => {
  it('rejects lines with invalid bytes, keeps the rest, shows bad bytes as U+FFFD', async () => {
    const content = Buffer.concat([
      Buffer.from('a,b\n1,café\n2,'),
      Buffer.from([0x63, 0x61, 0x66, 0xe9]), // Latin-1 é inside a UTF-8 file
      Buffer.from('\n3,"ok\n'),
      Buffer.from([0xff]),
      Buffer.from('"\n4,x\n'),
    ]);
    const r = await imp(content, 'utf-8');
    expect(byLine(r.rows)).toEqual([
      [2, ['1', 'café']],
      [6, ['4', 'x']],
    ]);
    expect(r.rejects.rejects).toEqual([
      { line: 3, reason: 'invalid_encoding', message: expect.stringContaining('utf-8'), raw: '2,caf\uFFFD' },
      { line: 4, reason: 'invalid_encoding', message: expect.any(String), raw: '3,"ok\n\uFFFD"' },
    ]);
  });

  it('finds a few bad lines among many in every read size', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `${i},v${i}`);
    const bad = new Set([7, 1500, 2999]);
    const content = Buffer.concat([
      Buffer.from('a,b\n'),
      ...lines.map((l, i) =>
        bad.has(i) ? Buffer.from([...Buffer.from(l), 0xc3, 0x28, 10]) : Buffer.from(`${l}\n`),
      ),
    ]);
    for (const chunkBytes of [4096, 1 << 20]) {
      const r = await imp(content, 'utf-8', false, { chunkBytes });
      expect(r.rejects.rejects.map((x) => x.line)).toEqual([...bad].map((i) => i + 2));
      expect(r.result.rowsImported).toBe(3000 - bad.size);
    }
  });

  it('skips the byte-order mark, whether or not the detection says so', async () => {
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\n1,Zoë\n')]);
    for (const bom of [true, false]) {
      const r = await imp(content, 'utf-8', bom);
      expect(r.rows.columns).toEqual(['id', 'name']);
      expect(r.rows.rows).toEqual([['1', 'Zoë']]);
    }
  });

  it('keeps NUL bytes and a real U+FFFD as data', async () => {
    const r = await imp(Buffer.from('a,b\nx\u0000y,\uFFFD\n'), 'utf-8');
    expect(r.rows.rows).toEqual([['x\u0000y', '\uFFFD']]);
  });
});

describe('Windows-1252', () => {
  it('decodes Latin-1 letters and the 0x80-0x9F characters (€, œ, Ÿ)', async () => {
    const content = Buffer.from([
      ...Buffer.from('name,price\n"Caf'),
      0xe9, // é
      ...Buffer.from(' ""cr'),
      0xe8, // è
      ...Buffer.from('me""",5'),
      0x80, // €
      ...Buffer.from('\n'),
      0x9c, // œ
      ...Buffer.from('uvre,'),
      0x9f, // Ÿ
      ...Buffer.from('\n'),
    ]);
    const r = await imp(content, 'windows-1252');
    expect(byLine(r.rows)).toEqual([
      [2, ['Café "crème"', '5€']],
      [3, ['œuvre', 'Ÿ']],
    ]);
    expect(r.rejects.total).toBe(0);
  });
});

describe('UTF-16', () => {
  const text = 'id,text\n1,"é 中 😀\nsecond line"\n2,plain\r\n3,\uFFFD\n';
  const expected = [
    [2, ['1', 'é 中 😀\nsecond line']],
    [4, ['2', 'plain']],
    [5, ['3', '\uFFFD']],
  ];

  for (const [encoding, encode] of [
    ['utf-16le', (t: string) => Buffer.from(t, 'utf16le')],
    ['utf-16be', utf16be],
  ] as const) {
    it(`${encoding} with a BOM, in any read size (surrogate pairs split across reads)`, async () => {
      const content = encode(`\uFEFF${text}`);
      for (const chunkBytes of [2, 6, 1 << 20]) {
        const r = await imp(content, encoding, true, { chunkBytes });
        expect(r.rows.columns).toEqual(['id', 'text']);
        expect(byLine(r.rows)).toEqual(expected);
        expect(r.rejects.total).toBe(0);
      }
    });

    it(`${encoding}: a lone surrogate rejects its line only`, async () => {
      const content = Buffer.concat([
        encode('\uFEFFa,b\n1,x\n2,'),
        encode('\uD800').subarray(0, 2),
        encode('y\n3,z\n'),
      ]);
      const r = await imp(content, encoding, true);
      expect(byLine(r.rows)).toEqual([
        [2, ['1', 'x']],
        [4, ['3', 'z']],
      ]);
      expect(r.rejects.rejects).toEqual([
        { line: 3, reason: 'invalid_encoding', message: expect.stringContaining(encoding), raw: '2,\uFFFDy' },
      ]);
    });
  }
});
