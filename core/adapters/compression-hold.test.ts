import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type DuckDbHandle, type DuckDBConnection } from './duckdb.js';
import { holdUncompressedFloats, holdUncompressedText } from './compression-hold.js';

let db: DuckDbHandle;
let a: DuckDBConnection;
let b: DuckDBConnection;

const methods = async () =>
  String((await b.runAndReadAll(`SELECT current_setting('disabled_compression_methods')`)).getRows()[0]?.[0])
    .toLowerCase()
    .split(',')
    .filter(Boolean)
    .sort();

beforeAll(async () => {
  db = await openDuckDb(':memory:');
  a = await db.connect();
  b = await db.connect();
});
afterAll(() => {
  a.closeSync();
  b.closeSync();
  db.close();
});

describe('compression holds', () => {
  it('turns methods off database-wide while held, overlapping holds adding up, and puts back what was there', async () => {
    await a.run(`SET GLOBAL disabled_compression_methods = 'rle'`);
    const text = await holdUncompressedText(a);
    expect(await methods()).toEqual(['dict_fsst', 'dictionary', 'fsst', 'rle']);
    const floats = await holdUncompressedFloats(b);
    const text2 = await holdUncompressedText(b);
    expect(await methods()).toEqual([
      'alp',
      'alprd',
      'chimp',
      'dict_fsst',
      'dictionary',
      'fsst',
      'patas',
      'rle',
    ]);
    await text?.release();
    await text?.release(); // twice changes nothing
    expect(await methods()).toContain('fsst'); // the second text hold is still there
    await text2?.release();
    expect(await methods()).toEqual(['alp', 'alprd', 'chimp', 'patas', 'rle']);
    await floats.release();
    expect(await methods()).toEqual(['rle']);
    await a.run(`SET GLOBAL disabled_compression_methods = ''`);
  });

  it('keeps text compression on a database opened with compressText', async () => {
    const compressing = await openDuckDb(':memory:', { compressText: true });
    try {
      const c = await compressing.connect();
      expect(await holdUncompressedText(c)).toBeUndefined();
      c.closeSync();
    } finally {
      compressing.close();
    }
  });
});
