// Long work (import, profile, validate, runs) reports through jobs: progress events and a final event.

import type { AppErrorData } from './errors.js';

/** What kind of long work a job is. */
export type JobKind = 'import' | 'profile' | 'validate' | 'run' | 'sync' | 'embed';

/** Progress of a job; any figure may be missing when unknown. */
export interface JobProgress {
  jobId: string;
  kind: JobKind;
  datasetId?: string;
  /** Free-form step name (e.g. 'scan', 'load'). */
  step?: string;
  bytesDone?: number;
  bytesTotal?: number;
  rows?: number;
  rowsPerSec?: number;
  /** Seconds left, estimated. */
  etaSec?: number;
  /** 0..1 */
  fraction?: number;
}

/** A job ended: ok, failed (error) or cancelled (error.code CANCELLED). */
export interface JobFinished {
  jobId: string;
  kind: JobKind;
  datasetId?: string;
  ok: boolean;
  error?: AppErrorData;
}
