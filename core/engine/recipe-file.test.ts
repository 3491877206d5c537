import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../contract/datasets.js';
import type { Recipe } from '../contract/recipe.js';
import { readRecipeFile, writeRecipeFile } from './recipe-file.js';
import { importKey } from './recipe-sessions.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-recipe-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const recipe: Recipe = {
  format: 'sluice-recipe',
  version: 1,
  name: 'Zoë’s fixes',
  steps: [{ id: 'a', enabled: true, op: { op: 'nullTokens', columns: ['ä'], tokens: ['', 'N/A'] } }],
};

describe('recipe files', () => {
  it('round-trips a recipe as 2-space JSON, leaving no temporary file', async () => {
    const path = await writeRecipeFile(join(dir, 'r.json'), recipe);
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(recipe, null, 2)}\n`);
    expect(await readRecipeFile(path)).toEqual(recipe);
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('names the file and the position of broken JSON, and the field of a bad step', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "format": "sluice-recipe",\n  "steps": [,]\n}');
    await expect(readRecipeFile(broken)).rejects.toMatchObject({
      code: 'RECIPE_INVALID',
      details: { file: broken, line: 3 },
    });
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ ...recipe, steps: [{ id: 'a', enabled: true, op: { op: 'trim' } }] }),
    );
    await expect(readRecipeFile(bad)).rejects.toMatchObject({
      code: 'RECIPE_INVALID',
      details: { file: bad },
    });
  });
});

describe('importKey', () => {
  const info = {
    source: { path: '/a/orders.csv', size: 10, mtimeMs: 1, sampleHash: 'h' },
    detection: { encoding: 'utf-8' },
    importSummary: { rowsImported: 3 },
  } as unknown as DatasetInfo;

  it('names the import, not the path: a moved file keeps its stages, a changed import does not', () => {
    const moved = { ...info, source: { ...info.source, path: '/b/orders.csv' } } as DatasetInfo;
    expect(importKey(moved)).toBe(importKey(info));
    const changed = { ...info, source: { ...info.source, sampleHash: 'h2' } } as DatasetInfo;
    expect(importKey(changed)).not.toBe(importKey(info));
    const again = { ...info, importSummary: { rowsImported: 4 } } as unknown as DatasetInfo;
    expect(importKey(again)).not.toBe(importKey(info));
  });
});
