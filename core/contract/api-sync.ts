// The contract's methods and events for PostgreSQL sync and saved connections (sync.*, connections.*; core/sync, core/connections).
// api.ts joins every domain's interface into AppApi/AppEvents and its names into METHOD_NAMES/EVENT_NAMES.

import type { AppErrorData } from './errors.js';
import type { Result } from './result.js';
import type {
  ConnectionInfo,
  ConnectionInput,
  ConnectionTestResult,
  RollbackResult,
  SyncDetail,
  SyncDryRun,
  SyncProgress,
  SyncRecord,
  SyncRequest,
  SyncResult,
} from './sync.js';

/** Names the database of a call: a saved connection name or a postgres:// URL; none = $DATABASE_URL, else the sandbox. */
export interface TargetRef {
  to?: string;
}

/** Methods of this domain. */
export interface SyncApi {
  /** Dry run: the mapping, schema changes and problems, and (when nothing stops it) the exact counts it would make. */
  'sync.plan'(req: SyncRequest): Promise<Result<SyncDryRun>>;
  /** Starts a sync as a background job (progress: `sync.progress`; cancel: `jobs.cancel`; end: `sync.finished`). */
  'sync.run'(req: SyncRequest): Promise<Result<{ jobId: string }>>;
  /** Waits for a sync job started by this engine and returns its result (or its error). */
  'sync.wait'(req: { jobId: string }): Promise<Result<SyncResult>>;
  /** Re-sends, as a background job, the rows sync `syncId` rejected or held back that are valid now. */
  'sync.resyncFixed'(
    req: TargetRef & { syncId: string; datasetId?: string; projectDir?: string },
  ): Promise<Result<{ jobId: string }>>;
  /** Returns the target of a sync to exactly its contents before it (rows deleted/restored, tables swapped back). */
  'sync.rollback'(req: TargetRef & { syncId: string }): Promise<Result<RollbackResult>>;
  /** The sync jobs a database has seen, newest first. */
  'sync.list'(req: TargetRef & { limit?: number }): Promise<Result<SyncRecord[]>>;
  /** One sync job: its record, ledger totals and first rejects. */
  'sync.get'(req: TargetRef & { syncId: string }): Promise<Result<SyncDetail>>;
  /** Saves a connection (the password goes to the keychain, else the encrypted file). */
  'connections.add'(req: ConnectionInput): Promise<Result<ConnectionInfo>>;
  /** Changes a saved connection (given fields only; a new password replaces the old one). */
  'connections.edit'(req: ConnectionInput): Promise<Result<ConnectionInfo>>;
  /** The saved connections (never with passwords). */
  'connections.list'(req: Record<string, never>): Promise<Result<ConnectionInfo[]>>;
  /** Connects to a saved connection, a URL, or unsaved fields, and reports the server. */
  'connections.test'(
    req: { name: string } | { url: string } | { input: ConnectionInput },
  ): Promise<Result<ConnectionTestResult & { label: string }>>;
  /** Removes a saved connection and its password. */
  'connections.remove'(req: { name: string }): Promise<Result<{ removed: boolean }>>;
}

/** The end of a sync job. */
export interface SyncFinished {
  jobId: string;
  ok: boolean;
  syncId?: string;
  result?: SyncResult;
  error?: AppErrorData;
}

/** Events of this domain. */
export interface SyncEvents {
  /** Progress of a running sync job (rows/s, ETA, batches done/retried, rejects). */
  'sync.progress': SyncProgress & { jobId: string };
  /** A sync job ended (done, failed, or cancelled with whole batches committed). */
  'sync.finished': SyncFinished;
}

/** The method names of this domain, at run time. */
export const SYNC_METHODS = [
  'sync.plan',
  'sync.run',
  'sync.wait',
  'sync.resyncFixed',
  'sync.rollback',
  'sync.list',
  'sync.get',
  'connections.add',
  'connections.edit',
  'connections.list',
  'connections.test',
  'connections.remove',
] as const satisfies readonly (keyof SyncApi)[];

/** The event names of this domain, at run time. */
export const SYNC_EVENTS = [
  'sync.progress',
  'sync.finished',
] as const satisfies readonly (keyof SyncEvents)[];
