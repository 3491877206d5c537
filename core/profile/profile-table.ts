// profileTable: per-column profile of a dataset's source table, computed in DuckDB in batches of columns
// (so 2,000 columns or 10M rows never build one giant query), never by reading the table into JS.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { DatasetProfile } from '../contract/profile.js';
import { AppError } from '../contract/errors.js';
import { datasetTables } from '../workspace/tables.js';
import { runSql, throwIfAborted, type StepProgress } from '../validate/run-sql.js';
import { tableColumns } from '../validate/table-info.js';
import { EXACT_LIMIT, profileBatch } from './profile-batch.js';

/** Options of a profile run. */
export interface ProfileOptions {
  signal?: AbortSignal;
  onProgress?: (p: StepProgress) => void;
  /** Rows up to which distinct counts and quantiles are exact (default 1,000,000); sketches above. */
  exactLimit?: number;
  /** Force a query layout (default: by table height); both give the same figures. */
  layout?: 'wide' | 'long';
}

// Exact distinct counts hold every distinct value of the batch in memory, so up to EXACT_LIMIT rows a batch
// holds at most this many cells; above it every figure is a small sketch and batches are as wide as allowed.
const EXACT_BATCH_CELLS = 10_000_000;
const MAX_BATCH = 100;

/** Profiles the given columns of `<datasetId>__source`. */
export async function profileTable(
  conn: DuckDBConnection,
  datasetId: string,
  columns: string[],
  opts: ProfileOptions = {},
): Promise<DatasetProfile> {
  const started = performance.now();
  const src = datasetTables(datasetId).source;
  const actual = await tableColumns(conn, `${datasetId}__source`);
  if (actual.length === 0) {
    throw new AppError('NOT_FOUND', `Dataset ${datasetId} has no imported table.`, {
      hint: 'Import the file first.',
    });
  }
  // UNPIVOT names rows as the table spells its columns; DuckDB matches names ignoring ASCII case.
  const fold = (n: string) => n.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
  const byFolded = new Map(actual.map((n) => [fold(n), n]));
  const names = columns.map((n) => {
    const found = byFolded.get(fold(n));
    if (found === undefined) {
      throw new AppError('NOT_FOUND', `Column '${n}' is not in dataset ${datasetId}.`, { column: n });
    }
    return found;
  });
  const rows = Number(
    (await runSql(conn, `SELECT count(*) AS n FROM ${src}`, { signal: opts.signal }))[0]?.n ?? 0,
  );
  const exactLimit = opts.exactLimit ?? EXACT_LIMIT;
  const fit = rows > exactLimit ? MAX_BATCH : Math.floor(EXACT_BATCH_CELLS / Math.max(rows, 1));
  const size = Math.max(1, Math.min(MAX_BATCH, fit));
  const batches: string[][] = [];
  for (let i = 0; i < names.length; i += size) batches.push(names.slice(i, i + size));
  const profiles: DatasetProfile['columns'] = [];
  for (const [i, batch] of batches.entries()) {
    throwIfAborted(opts.signal);
    const span: [number, number] = [i / batches.length, (i + 1) / batches.length];
    profiles.push(
      ...(await profileBatch(conn, src, rows, batch, { ...opts, step: 'profile', span, exactLimit })),
    );
  }
  opts.onProgress?.({ step: 'profile', fraction: 1 });
  return { rows, columns: profiles, durationMs: Math.round(performance.now() - started) };
}
