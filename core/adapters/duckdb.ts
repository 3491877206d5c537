// The only place that constructs DuckDB (ARCHITECTURE §3 "No singletons"): everything else receives a
// Workspace. One workspace = one project's `.duckdb` file.

import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { ALLOCATOR_SETTINGS, DEFAULT_MEMORY_LIMIT_MB } from './duckdb-settings.js';

/** Settings for a workspace database. */
export interface DuckDbOptions {
  /** Worker threads DuckDB may use (default: all cores). */
  threads?: number;
  /** Memory limit in MB (default DEFAULT_MEMORY_LIMIT_MB, measured: see README Benchmarks; DuckDB spills beyond it). */
  memoryLimitMb?: number;
  /** Folder for spill files (default: DuckDB's, beside the database). */
  tempDirectory?: string;
  /** Imports and validations store text compressed (smaller workspace, slower; see compression-hold.ts). */
  compressText?: boolean;
}

/** An open workspace database and a way to get connections to it. */
export interface DuckDbHandle {
  /** The path of the .duckdb file, or ':memory:'. */
  path: string;
  /** A new connection; close it with `closeSync()` when done (see `withConnection`). */
  connect(): Promise<DuckDBConnection>;
  close(): void;
  /** DuckDbOptions.compressText (default false). */
  compressText?: boolean;
}

/** Opens (creating if needed) a DuckDB database file. */
export async function openDuckDb(path: string, opts: DuckDbOptions = {}): Promise<DuckDbHandle> {
  const options: Record<string, string> = {
    memory_limit: `${opts.memoryLimitMb ?? DEFAULT_MEMORY_LIMIT_MB}MB`,
    ...ALLOCATOR_SETTINGS,
    // Rows keep their source line number, so insertion order need not be preserved: faster, less memory.
    preserve_insertion_order: 'false',
  };
  if (opts.threads) options.threads = String(opts.threads);
  if (opts.tempDirectory) options.temp_directory = opts.tempDirectory;
  const instance = await DuckDBInstance.create(path, options);
  let closed = false;
  const handle: DuckDbHandle = {
    path,
    compressText: opts.compressText ?? false,
    async connect() {
      const c = await instance.connect();
      owners.set(c, handle);
      return c;
    },
    close() {
      if (closed) return;
      closed = true;
      instance.closeSync();
    },
  };
  return handle;
}

const owners = new WeakMap<DuckDBConnection, DuckDbHandle>();

/** The database a connection was opened on (by `DuckDbHandle.connect`); undefined for any other connection. */
export function ownerOf(conn: DuckDBConnection): DuckDbHandle | undefined {
  return owners.get(conn);
}

/** Runs `fn` with a fresh connection and always closes it. */
export async function withConnection<T>(
  db: DuckDbHandle,
  fn: (c: DuckDBConnection) => Promise<T>,
): Promise<T> {
  const c = await db.connect();
  try {
    return await fn(c);
  } finally {
    c.closeSync();
  }
}

/** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
export async function inTransaction<T>(c: DuckDBConnection, fn: () => Promise<T>): Promise<T> {
  await c.run('BEGIN TRANSACTION');
  try {
    const value = await fn();
    await c.run('COMMIT');
    return value;
  } catch (e) {
    await c.run('ROLLBACK').catch(() => {});
    throw e;
  }
}

export type { DuckDBConnection };
