// A project is a folder holding one DuckDB workspace (workspace.duckdb) and a tmp/ folder for import parts.

import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDbHandle, DuckDbOptions } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import { ensureRegistry } from './registry.js';

/** An open project. */
export interface Project {
  dir: string;
  db: DuckDbHandle;
  /** Scratch folder for temporary files (emptied at open). */
  tmpDir: string;
  close(): void;
}

/** How the engine opens DuckDB (injected: the native constructor lives in core/adapters). */
export type OpenDb = (path: string, opts?: DuckDbOptions) => Promise<DuckDbHandle>;

/** Opens (creating if needed) the project in `dir`. */
export async function openProject(dir: string, openDb: OpenDb, opts: DuckDbOptions = {}): Promise<Project> {
  const tmpDir = join(dir, 'tmp');
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
  let db: DuckDbHandle;
  try {
    db = await openDb(join(dir, 'workspace.duckdb'), { tempDirectory: join(tmpDir, 'duckdb'), ...opts });
  } catch (e) {
    const msg = (e as Error).message ?? '';
    if (/lock/i.test(msg))
      throw new AppError('CONFLICT', 'This project is open in another Sluice process.', {
        file: dir,
        hint: 'Close the other Sluice window or command, or use another --project folder.',
      });
    throw e;
  }
  try {
    const c = await db.connect();
    try {
      await ensureRegistry(c);
    } finally {
      c.closeSync();
    }
  } catch (e) {
    db.close();
    throw e;
  }
  return { dir, db, tmpDir, close: () => db.close() };
}
