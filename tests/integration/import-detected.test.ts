// Open → import, end to end: the detector's Detection (with its BOM length) drives the importer. On a
// generated dirty file with known, injected defects, the rejects by reason equal the injected counts.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectFile } from '../../core/csv/detect.js';
import { writeDirtyCsv } from '../support/dirty-csv.js';
import { importAndRead, openWorkspace, type Workspace } from '../support/import-harness.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await openWorkspace();
});
afterAll(async () => {
  await ws.close();
});

describe('detect then import', () => {
  it('finds exactly the injected defects of a generated dirty file', async () => {
    const path = join(ws.dir, 'dirty.csv');
    const injected = await writeDirtyCsv(path, 20_000, 97);
    const det = await detectFile(path);
    expect(det.dialect).toMatchObject({ delimiter: ',', quote: '"', header: true });
    const { result, rejects } = await importAndRead(ws, path, det, {
      partBytes: 1 << 20,
      chunkBytes: 256 << 10,
    });
    const byReason = (reason: string) => rejects.rejects.filter((r) => r.reason === reason).length;
    expect({
      dataRecords: result.dataRecords,
      blankLines: result.blankLines,
      tooFew: byReason('too_few_fields'),
      tooMany: byReason('too_many_fields'),
      strayQuote: byReason('invalid_quote'),
      invalidUtf8: byReason('invalid_encoding'),
    }).toEqual({
      dataRecords: injected.dataRecords,
      blankLines: injected.blankLines,
      tooFew: injected.tooFew,
      tooMany: injected.tooMany,
      strayQuote: injected.strayQuote,
      invalidUtf8: injected.invalidUtf8,
    });
    expect(result.linesRejected).toBe(
      injected.tooFew + injected.tooMany + injected.strayQuote + injected.invalidUtf8,
    );
  });

  it('imports a UTF-16 LE file with a BOM as the detector sees it', async () => {
    const path = await ws.file('u16.csv', Buffer.from('\uFEFFname;city\nZoë;Zürich\n"a;b";c\n', 'utf16le'));
    const det = await detectFile(path);
    expect(det).toMatchObject({ encoding: 'utf-16le', bom: true, bomLength: 2 });
    const { rows } = await importAndRead(ws, path, det);
    expect(rows.columns).toEqual(['name', 'city']);
    expect(rows.rows).toEqual([
      ['Zoë', 'Zürich'],
      ['a;b', 'c'],
    ]);
  });
});
