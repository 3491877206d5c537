// Runs one long DuckDB statement so that an AbortSignal interrupts it (CANCELLED) and DuckDB's own progress
// estimate reaches the caller while it runs.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import type { JobProgress } from '../contract/jobs.js';

/** Progress as a long step reports it (the job runner adds jobId, kind and datasetId). */
export type StepProgress = Omit<JobProgress, 'jobId' | 'kind' | 'datasetId'>;

/** Options of a cancellable statement. */
export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: StepProgress) => void;
  /** Step name in progress reports. */
  step?: string;
  /** Maps DuckDB's 0..1 progress of this statement into the caller's overall fraction. */
  span?: [from: number, to: number];
}

/** Throws CANCELLED when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled by the user.');
}

/** Runs `sql` and reads all rows as JSON-friendly objects; interrupts DuckDB when `signal` aborts. */
export async function runSql(
  conn: DuckDBConnection,
  sql: string,
  opts: RunOptions = {},
): Promise<Record<string, unknown>[]> {
  const { signal, onProgress, step, span = [0, 1] } = opts;
  throwIfAborted(signal);
  const onAbort = () => conn.interrupt();
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = onProgress
    ? setInterval(() => {
        const pct = conn.progress.percentage;
        if (pct >= 0)
          onProgress({ step, fraction: span[0] + ((span[1] - span[0]) * Math.min(pct, 100)) / 100 });
      }, 200)
    : undefined;
  try {
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } catch (e) {
    throwIfAborted(signal);
    throw e;
  } finally {
    if (timer) clearInterval(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
