// Shared helpers for import tests: hand-made detections, a real DuckDB workspace in a temp folder, and
// one-call import + read-back with the row/reject invariant checked every time.

import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import type { Detection, RejectsPage, RowsPage } from '../../core/contract/datasets.js';
import {
  importCsv,
  readRejects,
  readRows,
  type ImportOptions,
  type ImportResult,
} from '../../core/import/index.js';

export { detection } from './import-detection.js';

/** A temp folder with a DuckDB workspace file; `close` removes everything. */
export interface Workspace {
  dir: string;
  tmpDir: string;
  db: DuckDbHandle;
  file(name: string, content: string | Buffer): Promise<string>;
  close(): Promise<void>;
}

/** Opens a fresh workspace under the OS temp folder. */
export async function openWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-import-test-'));
  const tmpDir = join(dir, 'tmp');
  await import('node:fs/promises').then((fs) => fs.mkdir(tmpDir));
  const db = await openDuckDb(join(dir, 'project.duckdb'), { threads: 2 });
  return {
    dir,
    tmpDir,
    db,
    async file(name, content) {
      const p = join(dir, name);
      await writeFile(p, content);
      return p;
    },
    async close() {
      db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An import's result with every row and reject read back. */
export interface Imported {
  result: ImportResult;
  rows: RowsPage;
  rejects: RejectsPage;
}

/** Imports `path` as dataset `id`, checks the invariant and that no temp file is left, reads everything back. */
export async function importAndRead(
  ws: Workspace,
  path: string,
  det: Detection & { bomLength?: number },
  extra: Partial<ImportOptions> = {},
  id = 'ds',
): Promise<Imported> {
  const result = await importCsv({
    path,
    detection: det,
    db: ws.db,
    datasetId: id,
    tmpDir: ws.tmpDir,
    ...extra,
  });
  expect(result.rowsImported + result.linesRejected).toBe(result.dataRecords);
  expect(await readdir(ws.tmpDir)).toEqual([]);
  const rows = await withConnection(ws.db, (c) => readRows(c, id, 0, 1_000_000));
  const rejects = await withConnection(ws.db, (c) => readRejects(c, id, 0, 1_000_000));
  expect(rows.total).toBe(result.rowsImported);
  expect(rejects.total).toBe(result.linesRejected);
  return { result, rows, rejects };
}

/** Rows as `{ line: [values] }` pairs, for compact expectations. */
export function byLine(rows: RowsPage): [number, (string | null)[]][] {
  return rows.rows.map((r, i) => [rows.lines[i]!, r]);
}

/** Rejects as `[line, reason]` pairs. */
export function rejectReasons(rejects: RejectsPage): [number, string][] {
  return rejects.rejects.map((r) => [r.line, r.reason]);
}
