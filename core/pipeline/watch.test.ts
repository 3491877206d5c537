import { appendFile, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../adapters/duckdb.js';
import { parsePipeline } from './parse.js';
import { watchFolder, type WatchRun } from './watch.js';

let dir: string;
let db: DuckDbHandle;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-watch-'));
  await mkdir(join(dir, 'in'));
  db = await openDuckDb(join(dir, 'workspace.duckdb'), { threads: 2 });
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const rows = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${from + i},name ${from + i},${(from + i) % 7}\n`).join(
    '',
  );

async function until(pred: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('watchFolder', () => {
  it('runs each new or changed CSV once per content, and waits for a half-written file', async () => {
    const pipeline = await parsePipeline({
      name: 'drops',
      source: join(dir, 'in', '*.csv'),
      phases: ['extract'],
    });
    const ctrl = new AbortController();
    const runs: WatchRun[] = [];
    const file = join(dir, 'in', 'a.csv');
    const full = `id,name,n\n${rows(1, 300)}`;
    // Half the file, cut mid-line, as a slow copy would leave it.
    await writeFile(file, full.slice(0, Math.floor(full.length / 2)));
    const watching = watchFolder(join(dir, 'in'), pipeline, {
      project: { db, dir },
      signal: ctrl.signal,
      stableMs: 1200,
      pollMs: 40,
      onRun: (r) => runs.push(r),
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(runs).toEqual([]);
    await appendFile(file, full.slice(Math.floor(full.length / 2)));
    await until(() => runs.length === 1);
    expect(runs[0]).toMatchObject({ file, status: 'done' });
    expect(runs[0]?.record?.rowsIn).toBe(300);
    expect(runs[0]?.record?.phases[0]?.rowsRejected).toBe(0);

    await copyFile(file, join(dir, 'in', 'b.csv')); // same content, another name
    await writeFile(join(dir, 'in', 'notes.txt'), 'not a csv');
    await until(() => runs.length === 2);
    expect(runs[1]).toMatchObject({
      file: join(dir, 'in', 'b.csv'),
      status: 'duplicate',
      contentHash: runs[0]?.contentHash,
    });

    await appendFile(file, rows(301, 310)); // changed content: runs again
    await until(() => runs.length === 3);
    expect(runs[2]).toMatchObject({ file, status: 'done' });
    expect(runs[2]?.record?.rowsIn).toBe(310);
    expect(runs[2]?.runId).not.toBe(runs[0]?.runId);

    ctrl.abort();
    await watching;
    const ledger = await withConnection(db, async (c) =>
      (
        await c.runAndReadAll(`SELECT status, run_id FROM sluice_watch_ledger ORDER BY recorded_at`)
      ).getRowObjectsJS(),
    );
    expect(ledger.map((l) => l.status)).toEqual(['done', 'done']);
  });

  it('records a file the pipeline cannot take as failed, and does not retry the same content', async () => {
    const pipeline = await parsePipeline({
      name: 'drops',
      source: join(dir, 'in', '*.csv'),
      phases: ['extract'],
    });
    const ctrl = new AbortController();
    const runs: WatchRun[] = [];
    await writeFile(join(dir, 'in', 'empty.csv'), '');
    const watching = watchFolder(join(dir, 'in'), pipeline, {
      project: { db, dir },
      signal: ctrl.signal,
      stableMs: 100,
      pollMs: 20,
      onRun: (r) => runs.push(r),
    });
    await until(() => runs.length === 1);
    expect(runs[0]).toMatchObject({ status: 'failed', error: { code: 'FILE_EMPTY' } });
    await copyFile(join(dir, 'in', 'empty.csv'), join(dir, 'in', 'empty2.csv'));
    await until(() => runs.length === 2);
    expect(runs[1]?.status).toBe('duplicate');
    ctrl.abort();
    await watching;
  });
});
