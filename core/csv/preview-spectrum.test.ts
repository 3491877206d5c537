// The peer suite csv-spectrum through detection and preview: what the preview shows must be what each case's
// JSON expects. location_coordinates.json disagrees with its own CSV on the phone number (1234567890 vs the
// CSV's 2095257564); the CSV is what the file says, so that one value is checked against the CSV.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFile } from './detect.js';
import { previewFile } from './preview.js';

const root = new URL('../../node_modules/csv-spectrum/', import.meta.url);
const cases = readdirSync(new URL('csvs/', root)).map((f) => f.replace(/\.csv$/, ''));

describe('csv-spectrum through detectFile and previewFile', () => {
  it.each(cases)('%s', async (name) => {
    const path = fileURLToPath(new URL(`csvs/${name}.csv`, root));
    const json = JSON.parse(readFileSync(new URL(`json/${name}.json`, root), 'utf8')) as
      Record<string, string> | Record<string, string>[];
    const expected = (Array.isArray(json) ? json : [json]).map((o) => ({ ...o }));
    if (name === 'location_coordinates') expected[0]!['Contact Phone Number'] = '2095257564';

    const detection = await detectFile(path);
    const preview = await previewFile(path, detection);
    expect(preview.columns).toEqual(Object.keys(expected[0]!));
    expect(preview.rows).toEqual(expected.map((o) => Object.values(o)));
    expect(preview.truncated).toBe(false);
  });
});
