// Sync to PostgreSQL and database connections: the plain-data shapes that cross the contract. Secrets never
// appear here except in ConnectionInput (write-only: a password goes in, never comes back out).

/** How a sync writes into the target table. */
export type SyncMode = 'append' | 'upsert' | 'insert-new' | 'replace';

/** What to do with dataset columns the existing target table lacks. */
export type DriftPolicy = 'add' | 'ignore' | 'fail';

/** Where a sync job stands. `paused` = stopped resumably (cancelled, or the database stayed unreachable). */
export type SyncStatus = 'running' | 'paused' | 'done' | 'failed' | 'rolled_back' | 'abandoned';

/** A row the database refused, with its reasons. */
export interface SyncReject {
  line: number;
  /** The dataset column (field name) when the database named one. */
  column?: string;
  value?: string | null;
  sqlstate: string;
  constraint?: string;
  message: string;
}

/** How one dataset field lands in the target. */
export interface SyncColumnPlan {
  field: string;
  /** Target column name (quoted when used; at most 63 bytes). */
  column: string;
  /** PostgreSQL type of the target column (existing or to be created). */
  pgType: string;
  /** create: new table; map: existing column; add: column added by the drift policy; ignore: not sent. */
  action: 'create' | 'map' | 'add' | 'ignore';
}

/** Something that stops a sync before it writes anything. */
export interface SyncProblem {
  kind: 'type' | 'not-null' | 'key' | 'drift' | 'dependents' | 'name' | 'server';
  column?: string;
  message: string;
  /** What to do, or the near-matching target column. */
  hint?: string;
}

/** What a sync would do to the target: the mapping, the DDL, the problems. */
export interface SyncPlan {
  dbSchema: string;
  table: string;
  /** True when the target table does not exist yet. */
  createTable: boolean;
  columns: SyncColumnPlan[];
  /** Key columns (target names) for upsert / insert-new. */
  key: string[];
  /** Human-readable schema changes (CREATE TABLE …, ADD COLUMN …). */
  schemaChanges: string[];
  problems: SyncProblem[];
  warnings: string[];
}

/** Progress of a running sync. */
export interface SyncProgress {
  syncId: string;
  rowsDone: number;
  rowsTotal: number;
  rowsPerSec: number;
  etaSec?: number;
  batchesDone: number;
  batchesRetried: number;
  rejected: number;
  batchSize: number;
}

/** The outcome of a sync (totals over every run of the same sync id). */
export interface SyncResult {
  syncId: string;
  status: 'done' | 'dry-run';
  mode: SyncMode;
  table: string;
  /** Dataset rows considered. */
  rows: number;
  inserted: number;
  updated: number;
  /** Upsert: rows equal to the target's; insert-new: rows whose key already existed. */
  unchanged: number;
  rejected: number;
  /** Rows held back because they carry validation findings. */
  heldBack: number;
  batches: number;
  retries: number;
  durationMs: number;
  rowsPerSec: number;
  schemaChanges: string[];
  /** The first rejects (all of them are in the dataset's findings, rule `sync`). */
  rejects: SyncReject[];
  /** True when this exact dataset had already been synced by this sync id: nothing was written. */
  alreadyDone: boolean;
  /** True when this call continued an interrupted sync. */
  resumed: boolean;
}

/** What rolling back a sync did. */
export interface RollbackResult {
  syncId: string;
  rowsDeleted: number;
  rowsRestored: number;
  tableDropped: boolean;
  swappedBack: boolean;
  durationMs: number;
}

/** A sync job as recorded in the target database. */
export interface SyncRecord {
  syncId: string;
  datasetId: string;
  dbSchema: string;
  table: string;
  mode: SyncMode;
  status: SyncStatus;
  startedAt: string;
  finishedAt?: string;
}

/** TLS policy of a connection. */
export type TlsMode = 'disable' | 'require' | 'verify-full';

/** A saved connection as listed (never with its password). */
export interface ConnectionInfo {
  name: string;
  host: string;
  port: number;
  database: string;
  user: string;
  tls: TlsMode;
  caFile?: string;
  hasPassword: boolean;
  /** Where the password is kept. */
  secretStore?: 'keychain' | 'file';
}

/** A connection to add or edit: a URL, or fields (fields override the URL's parts). */
export interface ConnectionInput {
  name: string;
  url?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  tls?: TlsMode;
  caFile?: string;
}

/** The result of testing a connection. */
export interface ConnectionTestResult {
  serverVersion: string;
  latencyMs: number;
  /** True when the pgvector extension is installed in that database. */
  pgvector: boolean;
}

/** Stop a sync and roll it back when rejects exceed `maxRows`, or `maxRatio` of the rows sent. */
export interface SyncErrorBudget {
  maxRows?: number;
  maxRatio?: number;
}

/** What to sync where: the source (an opened dataset's current stage, or a project's dataset) and the target. */
export interface SyncRequest {
  /** An opened dataset (datasets.open); its current recipe stage is sent. */
  datasetId?: string;
  /** A project folder (instead of, or with, datasetId): its only dataset unless datasetId names one. */
  projectDir?: string;
  /** Saved connection name or postgres:// URL; none: $DATABASE_URL, else the local sandbox. */
  to?: string;
  table: string;
  /** Target schema (default 'public'). */
  dbSchema?: string;
  mode: SyncMode;
  /** Key field names for upsert / insert-new (default: the schema's primaryKey). */
  key?: string[];
  /** Field name → existing target column, overriding matching by name. */
  columnMap?: Record<string, string>;
  drift?: DriftPolicy;
  /** Send rows that carry validation findings too (default: held back). */
  includeInvalid?: boolean;
  errorBudget?: SyncErrorBudget;
  /** Start a new sync even when this dataset was already synced into this table. */
  fresh?: boolean;
  /** Continue this (interrupted) sync. */
  syncId?: string;
  /** Parallel connections (default 2). */
  parallel?: number;
  /** Batch size bounds in rows. */
  batch?: { min?: number; max?: number; initial?: number };
  /** A Table Schema to type the rows with instead of the dataset's stored one. */
  schema?: unknown;
}

/** What a dry run found: the plan, and the counts when no problem stops the sync. */
export interface SyncDryRun {
  plan: SyncPlan;
  /** Dataset rows considered. */
  rows: number;
  heldBack: number;
  /** Absent when the plan has problems (nothing could be counted). */
  counts?: { inserted: number; updated: number; unchanged: number; rejected: number };
  /** The first rows the database would reject, with its reasons. */
  rejects: SyncReject[];
  /** The database, as safe to show (no password). */
  target: string;
}

/** One sync job in detail. */
export interface SyncDetail extends SyncRecord {
  rowsTotal: number;
  batches: number;
  rowsDone: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  heldBack: number;
  /** The first unresolved rejects. */
  rejects: SyncReject[];
  message?: string;
  /** False once its undo data was purged (or it was rolled back). */
  canRollBack: boolean;
}
