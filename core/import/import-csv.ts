// Imports a whole CSV file into the workspace: `<id>__source` (the line column + one VARCHAR per column) and
// `<id>__rejects`. A JS pre-pass finds records, normalizes them to UTF-8 with the source line number appended,
// and rejects what DuckDB cannot judge; DuckDB loads each normalized part while the next one is written, and
// rejects lines with the wrong field count or a misplaced quote. Tables are built under staging names and
// swapped in at the end, so a failed or cancelled import changes nothing. Always:
// rowsImported + linesRejected = dataRecords.

import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { DuckDbHandle } from '../adapters/duckdb.js';
import type { ColumnInfo, Detection, ImportSummary } from '../contract/datasets.js';
import { AppError } from '../contract/errors.js';
import { collectPartRejects } from './duckdb-rejects.js';
import {
  createStagingRejects,
  createStagingSource,
  dropStaging,
  importTables,
  loadPartSql,
  stagingCounts,
  swapIn,
} from './load-parts.js';
import { LoadQueue } from './load-queue.js';
import { ensureMemoryFloor } from './memory-floor.js';
import { runPrepass, throwIfAborted } from './prepass.js';
import { ProgressReporter, type ImportProgress } from './progress.js';
import { RejectAppender } from './rejects.js';
import { toImportError } from './import-errors.js';
import { holdUncompressedText, type CompressionHold } from '../adapters/compression-hold.js';

/** Default limit on one record's size. */
export const DEFAULT_MAX_RECORD_BYTES = 64 << 20;

/**
 * Default read size. Each chunk is scanned in one go on the main thread, so it bounds how long the event
 * loop is held (a few milliseconds here, more on a busy machine); larger chunks gain nothing measurable.
 */
const DEFAULT_CHUNK_BYTES = 2 << 20;

/** What `importCsv` needs. */
export interface ImportOptions {
  path: string;
  detection: Detection & { bomLength?: number };
  db: DuckDbHandle;
  /** Dataset id ([a-z0-9_]+): names the tables. */
  datasetId: string;
  /** Folder for temporary files (a subfolder is created and always removed). */
  tmpDir: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  /** Records longer than this are rejected (default 64 MiB). */
  maxRecordBytes?: number;
  /** Read size (default 2 MiB). */
  chunkBytes?: number;
  /** Size of each normalized part (default: see defaultPartBytes). */
  partBytes?: number;
}

/** What an import returns. */
export type ImportResult = ImportSummary & { columns: ColumnInfo[] };

/** Imports the file; throws AppError (CANCELLED when the signal aborts; nothing is left behind then). */
export async function importCsv(o: ImportOptions): Promise<ImportResult> {
  const started = performance.now();
  throwIfAborted(o.signal);
  const size = await sourceSize(o.path);
  const maxRecordBytes = o.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const partBytes = o.partBytes ?? defaultPartBytes(size);
  const tables = importTables(o.datasetId);
  const dialect = o.detection.dialect;
  const workDir = await makeWorkDir(o.tmpDir);
  let conn: DuckDBConnection;
  try {
    conn = await o.db.connect();
  } catch (e) {
    await rm(workDir, { recursive: true, force: true });
    throw toImportError(e, o.path, o.signal);
  }
  const loads = new LoadQueue(conn);
  const onAbort = () => {
    if (loads.busy) conn.interrupt();
  };
  o.signal?.addEventListener('abort', onAbort);
  let rejConn: DuckDBConnection | undefined;
  let appender: RejectAppender | undefined;
  let fastWrites: CompressionHold | undefined;
  try {
    fastWrites = await holdUncompressedText(conn);
    await dropStaging(conn, tables);
    await createStagingRejects(conn, tables);
    rejConn = await o.db.connect();
    appender = new RejectAppender(await rejConn.createAppender(tables.stagingRejectsName));
    const rejects = appender;
    const progress = new ProgressReporter(size, o.onProgress);
    const fraction = (scanned: number) => (0.5 * scanned + 0.45 * loads.loadedBytes) / Math.max(size, 1);
    let columns: string[] = [];
    const pre = await runPrepass({
      path: o.path,
      encoding: o.detection.encoding,
      bomLength: o.detection.bomLength,
      dialect,
      workDir,
      signal: o.signal,
      maxRecordBytes,
      // Even, so UTF-16 code units never straddle two reads' alignment.
      chunkBytes: Math.max(2, (o.chunkBytes ?? DEFAULT_CHUNK_BYTES) + ((o.chunkBytes ?? 0) & 1)),
      partBytes,
      onColumns: async (info) => {
        columns = info.columns.map((c) => c.name);
        await ensureMemoryFloor(conn, columns.length);
        await createStagingSource(conn, tables, columns);
      },
      onPart: (part, bytesDone) =>
        loads.enqueue(part, bytesDone, async (c) => {
          await c.run(loadPartSql(tables, part, columns, dialect));
          await collectPartRejects(c, tables, part.path, dialect, maxRecordBytes, (r) => rejects.add(r));
        }),
      onReject: (r) => rejects.add(r),
      onProgress: (bytes, rows) => progress.report('scan', bytes, rows, fraction(bytes)),
    });
    if (!pre.header) {
      throw new AppError('FILE_EMPTY', 'The file has no records (it is empty or holds only blank lines).', {
        file: o.path,
        hint: 'Choose a file with a header line or data.',
      });
    }
    progress.report('load', size, pre.dataRecords, fraction(size), true);
    await loads.drain();
    throwIfAborted(o.signal);
    progress.report('finalize', size, pre.dataRecords, 0.95, true);
    appender.close();
    appender = undefined;
    const counts = await stagingCounts(conn, tables);
    if (counts.rows + counts.rejects !== pre.dataRecords) {
      throw new AppError(
        'INTERNAL',
        `Import counts do not add up: ${counts.rows} rows + ${counts.rejects} rejected lines ≠ ${pre.dataRecords} data records.`,
        { file: o.path, hint: 'This is a bug in Sluice; please report it, with the file if you can.' },
      );
    }
    throwIfAborted(o.signal);
    await swapIn(conn, tables);
    progress.report('finalize', size, pre.dataRecords, 1, true);
    return {
      rowsImported: counts.rows,
      linesRejected: counts.rejects,
      dataRecords: pre.dataRecords,
      blankLines: pre.blankLines,
      renamedColumns: pre.header.renamed,
      bytes: size,
      durationMs: Math.round(performance.now() - started),
      columns: pre.header.columns,
    };
  } catch (e) {
    if (loads.busy) conn.interrupt();
    await loads.settle();
    try {
      appender?.close();
    } catch {
      // The appender may already be unusable; the staging table is dropped below anyway.
    }
    appender = undefined;
    await cleanupStaging(o.db, tables);
    throw toImportError(e, o.path, o.signal);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    await fastWrites?.release().catch(() => undefined);
    appender?.close();
    rejConn?.closeSync();
    conn.closeSync();
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Parts let DuckDB load one while the next is written, which pays when a core is free for the pre-pass; each
 * part also costs a query (measured: four parts take ~15% more CPU than one). So: quarters of the file
 * (32-256 MiB) with more than two cores, 256 MiB parts otherwise; never more, to bound the temporary disk use.
 */
export function defaultPartBytes(size: number, cores = availableParallelism()): number {
  if (cores <= 2) return 256 << 20;
  return Math.min(256 << 20, Math.max(32 << 20, Math.ceil(size / 4)));
}

/** A fresh folder for this import's part files under `tmpDir` (created when missing). */
async function makeWorkDir(tmpDir: string): Promise<string> {
  try {
    await mkdir(tmpDir, { recursive: true });
    return await mkdtemp(join(tmpDir, 'sluice-import-'));
  } catch (e) {
    throw new AppError(
      'IO_TRANSIENT',
      `Cannot create a temporary folder in ${tmpDir}: ${(e as Error).message}`,
      { file: tmpDir, hint: 'Check that the folder is writable and the disk is not full.' },
      { cause: e },
    );
  }
}

/** Drops staging tables on a fresh connection (the import's own may hold an interrupted query). */
async function cleanupStaging(db: DuckDbHandle, tables: ReturnType<typeof importTables>): Promise<void> {
  try {
    const c = await db.connect();
    try {
      await dropStaging(c, tables);
    } finally {
      c.closeSync();
    }
  } catch {
    // Best effort: the next import of this dataset drops leftovers first.
  }
}

/** Size of the source file; a missing, unreadable or empty file is the user's error. */
async function sourceSize(path: string): Promise<number> {
  let s;
  try {
    s = await stat(path);
  } catch (e) {
    throw toImportError(e, path, undefined);
  }
  if (!s.isFile()) {
    throw new AppError('FILE_UNREADABLE', 'The path is not a regular file.', {
      file: path,
      hint: 'Choose a CSV file.',
    });
  }
  if (s.size === 0) {
    throw new AppError('FILE_EMPTY', 'The file is empty.', {
      file: path,
      hint: 'Choose a file with a header line or data.',
    });
  }
  return s.size;
}
