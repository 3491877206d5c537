// The options of a sync and their defaults.

import type { DuckDbHandle } from '../adapters/duckdb.js';
import type { PgTarget } from '../adapters/postgres.js';
import { AppError } from '../contract/errors.js';
import type { TableSchema } from '../contract/schema.js';
import type { DriftPolicy, SyncMode, SyncProgress } from '../contract/sync.js';
import { DEFAULT_RETRY, type RetryOptions } from './backoff.js';
import type { TypeOptions } from './pg-types.js';

/** Batch size bounds (rows). The size adapts between min and max: it grows while batches commit fast and clean,
 * and shrinks after slow commits or data errors. */
export interface BatchSizing {
  min: number;
  max: number;
  initial: number;
}

/** Stop and roll back when rejects exceed `maxRows`, or `maxRatio` of the rows sent. */
export interface ErrorBudget {
  maxRows?: number;
  maxRatio?: number;
}

/** Everything `syncDataset` takes. */
export interface SyncOptions {
  /** The project's workspace. */
  duck: DuckDbHandle;
  datasetId: string;
  schema: TableSchema;
  pg: PgTarget;
  /** Target table name (cut to 63 bytes like any identifier). */
  table: string;
  /** Target schema (default 'public'). */
  dbSchema?: string;
  /** Schema of Sluice's bookkeeping tables (default 'public'). */
  metaSchema?: string;
  mode: SyncMode;
  /** Key field names for upsert / insert-new (default: the schema's primaryKey). */
  key?: string[];
  /** Field name → existing target column, overriding matching by name. */
  columnMap?: Record<string, string>;
  /** Dataset fields the existing target lacks: add them (default), ignore them, or fail. */
  drift?: DriftPolicy;
  types?: TypeOptions;
  /** Workspace table to read (default `<datasetId>__source`; a pipeline stage table otherwise). */
  sourceTable?: string;
  /** Continue this sync (resume), or with `resyncFixed` re-send its fixed rows. */
  syncId?: string;
  /** Start a new sync even when this dataset was already synced to this table. */
  fresh?: boolean;
  /** With `syncId`: send the rows that sync rejected or held back and that are valid now; nothing else. */
  resyncFixed?: boolean;
  /** Count what would happen without changing the target. */
  dryRun?: boolean;
  /** Send rows that carry validation findings too, and let the database decide. */
  includeInvalid?: boolean;
  errorBudget?: ErrorBudget;
  batch?: Partial<BatchSizing>;
  /** Parallel connections (default 2). */
  parallel?: number;
  retry?: Partial<RetryOptions>;
  /** Session time zone for values without an offset (default 'UTC'). */
  timeZone?: string;
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Folder for batch files (default: the OS temp folder). */
  tmpDir?: string;
}

/** Options with defaults applied and checked. */
export interface ResolvedOptions extends SyncOptions {
  dbSchema: string;
  metaSchema: string;
  drift: DriftPolicy;
  sizing: BatchSizing;
  parallel: number;
  retryOpts: RetryOptions;
  timeZone: string;
}

/** Applies defaults; BAD_USAGE for impossible combinations. */
export function resolveOptions(o: SyncOptions): ResolvedOptions {
  const bad = (message: string, hint?: string) => new AppError('BAD_USAGE', message, hint ? { hint } : {});
  if (!['append', 'upsert', 'insert-new', 'replace'].includes(o.mode))
    throw bad(`Unknown sync mode "${o.mode}".`, 'Use append, upsert, insert-new or replace.');
  if (o.resyncFixed && !o.syncId)
    throw bad('Re-syncing fixed rows needs the id of the sync that rejected them.');
  if (o.table.trim() === '') throw bad('The target table name is empty.');
  const min = Math.max(1, Math.floor(o.batch?.min ?? 1_000));
  const max = Math.max(min, Math.floor(o.batch?.max ?? 200_000));
  const initial = Math.min(max, Math.max(min, Math.floor(o.batch?.initial ?? 20_000)));
  const parallel = Math.floor(o.parallel ?? 2);
  if (!(parallel >= 1 && parallel <= 64)) throw bad('parallel must be between 1 and 64.');
  const budget = o.errorBudget;
  if (budget?.maxRatio !== undefined && !(budget.maxRatio >= 0 && budget.maxRatio <= 1))
    throw bad('errorBudget.maxRatio must be between 0 and 1.');
  return {
    ...o,
    dbSchema: o.dbSchema ?? 'public',
    metaSchema: o.metaSchema ?? 'public',
    drift: o.drift ?? 'add',
    sizing: { min, max, initial },
    parallel: o.dryRun ? 1 : parallel,
    retryOpts: { ...DEFAULT_RETRY, ...o.retry },
    timeZone: o.timeZone ?? 'UTC',
  };
}
