// Every case of the npm package csv-spectrum (a peer suite of CSV edge cases) must import to exactly its
// expected records: same columns, same values, nothing rejected.
//
// One documented exception: location_coordinates.json disagrees with its own CSV on the phone number (the
// JSON says 1234567890, the CSV says 2095257564), so that value is compared with what the CSV really says.
// Both files also hold U+FFFD (bytes EF BF BD) where the original, probably Latin-1, degree signs were lost
// before publication; those are valid UTF-8 and are kept as they are, not rejected. Its JSON is also a single
// object rather than an array of records.

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detection, importAndRead, openWorkspace, type Workspace } from '../support/import-harness.js';

const root = dirname(createRequire(import.meta.url).resolve('csv-spectrum/package.json'));
const cases = readdirSync(join(root, 'csvs'))
  .filter((f) => f.endsWith('.csv'))
  .map((f) => basename(f, '.csv'))
  .sort();

/** Corrections where a case's JSON contradicts its CSV (see the top of this file). */
const CSV_SAYS: Record<string, Record<number, Record<string, string>>> = {
  location_coordinates: { 0: { 'Contact Phone Number': '2095257564' } },
};

let ws: Workspace;
beforeAll(async () => {
  ws = await openWorkspace();
});
afterAll(async () => {
  await ws.close();
});

describe('csv-spectrum', () => {
  it('has the cases this test expects', () => {
    expect(cases.length).toBeGreaterThanOrEqual(12);
  });

  for (const name of cases) {
    it(name, async () => {
      const path = join(root, 'csvs', `${name}.csv`);
      const json = JSON.parse(readFileSync(join(root, 'json', `${name}.json`), 'utf8')) as
        Record<string, string> | Record<string, string>[];
      // location_coordinates.json holds one object instead of an array of one.
      const records = Array.isArray(json) ? json : [json];
      const expected = records.map((record, i) => ({ ...record, ...CSV_SAYS[name]?.[i] }));
      const lineEnding = readFileSync(path, 'latin1').includes('\r\n') ? 'crlf' : 'lf';
      const { result, rows, rejects } = await importAndRead(
        ws,
        path,
        detection({ lineEnding }),
        {},
        'spectrum',
      );
      expect(rejects.rejects).toEqual([]);
      expect(result.renamedColumns).toEqual([]);
      expect(rows.columns).toEqual(Object.keys(expected[0] ?? {}));
      const actual = rows.rows.map((r) => Object.fromEntries(rows.columns.map((c, i) => [c, r[i]])));
      expect(actual).toEqual(expected);
    });
  }

  it('location_coordinates: the CSV really says 2095257564 (the JSON does not)', () => {
    const csv = readFileSync(join(root, 'csvs', 'location_coordinates.csv'), 'utf8');
    const json = readFileSync(join(root, 'json', 'location_coordinates.json'), 'utf8');
    expect(csv).toContain('2095257564');
    expect(json).toContain('1234567890');
  });
});
