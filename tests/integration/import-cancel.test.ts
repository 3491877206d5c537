// Cancellation and progress: a cancelled import (before it starts, while scanning, while DuckDB loads)
// throws CANCELLED and leaves the previous import's tables exactly as they were, no staging table and no
// temporary file; progress events are throttled, ordered, and end at 1.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withConnection } from '../../core/adapters/duckdb.js';
import { AppError } from '../../core/contract/errors.js';
import { importCsv, readRows, type ImportProgress } from '../../core/import/index.js';
import { writeDirtyCsv } from '../support/dirty-csv.js';
import { detection, importAndRead, openWorkspace, type Workspace } from '../support/import-harness.js';

let ws: Workspace;
let big: string;
beforeAll(async () => {
  ws = await openWorkspace();
  big = join(ws.dir, 'big.csv');
  await writeDirtyCsv(big, 150_000);
});
afterAll(async () => {
  await ws.close();
});

async function tableNames(): Promise<string[]> {
  return withConnection(ws.db, async (c) => {
    const r = await c.runAndReadAll('SELECT table_name FROM duckdb_tables() ORDER BY 1');
    return r.getRows().map((row) => String(row[0]));
  });
}

async function cancelledImport(
  abortWhen: (p: ImportProgress, ac: AbortController) => void,
): Promise<unknown> {
  const ac = new AbortController();
  return importCsv({
    path: big,
    detection: detection(),
    db: ws.db,
    datasetId: 'keep',
    tmpDir: ws.tmpDir,
    signal: ac.signal,
    partBytes: 2 << 20,
    chunkBytes: 1 << 20,
    onProgress: (p) => abortWhen(p, ac),
  }).then(
    () => 'finished',
    (e: unknown) => e,
  );
}

describe('cancellation', () => {
  it('leaves the previous import intact, whenever it is cancelled', async () => {
    const first = await ws.file('first.csv', 'a,b\n1,2\n3\n');
    await importAndRead(ws, first, detection(), {}, 'keep');
    const before = await tableNames();
    expect(before).toEqual(['keep__rejects', 'keep__source']);

    const triggers: [string, (p: ImportProgress, ac: AbortController) => void][] = [
      ['at the first progress event', (_p, ac) => ac.abort()],
      ['while scanning', (p, ac) => (p.step === 'scan' && p.bytesDone > 4 << 20 ? ac.abort() : undefined)],
      ['while DuckDB loads the last part', (p, ac) => (p.step === 'load' ? ac.abort() : undefined)],
    ];
    for (const [when, trigger] of triggers) {
      const err = await cancelledImport(trigger);
      expect(err, when).toBeInstanceOf(AppError);
      expect((err as AppError).code, when).toBe('CANCELLED');
      expect(await tableNames(), when).toEqual(before);
      expect(await readdir(ws.tmpDir), when).toEqual([]);
      const rows = await withConnection(ws.db, (c) => readRows(c, 'keep', 0, 10));
      expect(rows.rows, when).toEqual([['1', '2']]);
    }
  });

  it('an already aborted signal cancels at once', async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await importCsv({
      path: big,
      detection: detection(),
      db: ws.db,
      datasetId: 'never',
      tmpDir: ws.tmpDir,
      signal: ac.signal,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CANCELLED' });
    expect(await tableNames()).not.toContain('never__source');
  });
});

describe('progress', () => {
  it('reports scan, load and finalize in order, throttled, with a fraction that ends at 1', async () => {
    const events: (ImportProgress & { at: number })[] = [];
    const { result } = await importAndRead(ws, big, detection(), {
      partBytes: 2 << 20,
      chunkBytes: 1 << 20,
      onProgress: (p: ImportProgress) => events.push({ ...p, at: performance.now() }),
    });
    const steps = events.map((e) => e.step).filter((s, i, all) => s !== all[i - 1]);
    expect(steps).toEqual(['scan', 'load', 'finalize']);
    expect(events.at(-1)).toMatchObject({ step: 'finalize', fraction: 1, rows: result.dataRecords });
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.fraction).toBeGreaterThanOrEqual(events[i - 1]!.fraction);
      // Only step changes and the end bypass the 100 ms throttle.
      if (events[i]!.step === events[i - 1]!.step && i < events.length - 1) {
        expect(events[i]!.at - events[i - 1]!.at).toBeGreaterThanOrEqual(99);
      }
    }
    const scan = events.filter((e) => e.step === 'scan');
    expect(scan.every((e) => e.bytesTotal === result.bytes && e.bytesDone <= e.bytesTotal)).toBe(true);
  });
});
