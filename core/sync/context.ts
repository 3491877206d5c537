// The state one sync run shares between its dispatcher and its workers.

import type { PgClient, PgTarget } from '../adapters/postgres.js';
import type { SyncMode, SyncReject } from '../contract/sync.js';
import type { RetryOptions } from './backoff.js';
import type { MetaTables } from './meta.js';
import type { SyncSource } from './source.js';
import type { LoadShape } from './statements.js';

/** Counters of one run (this process), updated as batches commit. */
export interface RunStats {
  rowsDone: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  batches: number;
  retries: number;
  /** Batches that hit a data error and were split. */
  split: number;
}

/** What a committed (sub)batch did. */
export interface BatchOutcome {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Seconds from BEGIN to COMMIT. */
  seconds: number;
}

/** Everything a worker needs. */
export interface SyncContext {
  syncId: string;
  pass: number;
  mode: SyncMode;
  meta: MetaTables;
  src: SyncSource;
  shape: LoadShape;
  /** Temp staging table name (staged modes only). */
  stage?: string;
  target: PgTarget;
  retry: RetryOptions;
  signal?: AbortSignal;
  tmpDir: string;
  /** Dry run: every batch is a savepoint inside one transaction that is rolled back at the end. */
  dry?: { client: PgClient };
  /** Session settings for worker connections. */
  sessionInit: string[];
  /** Target column name → dataset field name (to name the column of a rejected value). */
  fieldOf: Map<string, string>;
  /** Constraint name → its one column, for single-column constraints of the table loaded into (a CHECK
   * violation names its constraint but no column). */
  constraintColumns?: Map<string, string>;
  stats: RunStats;
  /** The first rejects of this run (all are stored in the database). */
  rejects: SyncReject[];
  nextBatchNo(): number;
  onCommitted(o: BatchOutcome): void;
}

/** Zeroed counters. */
export function newStats(): RunStats {
  return {
    rowsDone: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    batches: 0,
    retries: 0,
    split: 0,
  };
}
