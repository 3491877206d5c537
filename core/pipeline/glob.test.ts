import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandGlob, globToRegExp, isGlob } from './glob.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-glob-'));
  for (const f of ['a.csv', 'b.csv', 'b.txt', 'sub/c.csv', 'sub/deep/d.csv', 'x1.csv', 'x22.csv'])
    await mkdir(join(dir, f, '..'), { recursive: true }).then(() => writeFile(join(dir, f), ''));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('glob', () => {
  it('matches *, ? and ** and sorts', async () => {
    expect(await expandGlob(join(dir, '*.csv'))).toEqual(
      ['a.csv', 'b.csv', 'x1.csv', 'x22.csv'].map((f) => join(dir, f)),
    );
    expect(await expandGlob(join(dir, 'x?.csv'))).toEqual([join(dir, 'x1.csv')]);
    expect(await expandGlob(join(dir, '**/*.csv'))).toHaveLength(6);
    expect(await expandGlob(join(dir, 'sub/**/*.csv'))).toEqual([
      join(dir, 'sub/c.csv'),
      join(dir, 'sub/deep/d.csv'),
    ]);
    expect(await expandGlob(join(dir, 'none/*.csv'))).toEqual([]);
  });

  it('escapes regex characters and knows a glob', () => {
    expect(globToRegExp('/a/b+(1).csv').test('/a/b+(1).csv')).toBe(true);
    expect(isGlob('/a/*.csv')).toBe(true);
    expect(isGlob('/a/b.csv')).toBe(false);
  });
});
