// Pipeline runs as the UI and the CLI see them: a run, its phases, its events. Plain data only.

import type { AppErrorData } from './errors.js';

/** The kinds of phase a pipeline file may name. */
export type PhaseType = 'extract' | 'validate' | 'clean' | 'transform' | 'map' | 'embed' | 'load' | 'custom';

/**
 * Where a run stands. `running` is also what a run killed mid-way (kill -9) still says: it can be resumed,
 * as can `failed`, `cancelled` and `rolled_back` runs; `done` runs are complete.
 */
export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled' | 'rolled_back';

/** Where a phase of a run stands. */
export type PhaseStatus = 'pending' | 'running' | 'done' | 'skipped' | 'failed';

/** What a load phase wrote to one destination. */
export interface DestinationOutput {
  destination: string;
  type: 'parquet' | 'csv' | 'postgres';
  /** The file written (file destinations). */
  path?: string;
  rows: number;
  /** The sync job, for postgres destinations (used to roll the load back). */
  jobId?: string;
}

/** One phase of a run, as recorded. */
export interface PhaseRecord {
  name: string;
  type: PhaseType;
  status: PhaseStatus;
  /** The stage table (or view) holding the phase's output: `<runId>__<phase>`. */
  stage?: string;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  /** Tries of the last execution (1 = no retry). */
  attempts: number;
  /** Chunks committed (phases that work in chunks; 1 for whole-table phases). */
  chunks: number;
  rowsIn: number;
  rowsOut: number;
  /** Lines rejected at import, or rows flagged by validation. */
  rowsRejected: number;
  /** Validation findings (0 for other phases). */
  findings: number;
  /** Why the phase was skipped (its `when` was false). */
  skippedReason?: string;
  outputs?: DestinationOutput[];
  error?: AppErrorData;
}

/** A pipeline run: what ran, with what, how long, and how many rows. */
export interface RunRecord {
  runId: string;
  pipelineName: string;
  /** The pipeline file, when the pipeline came from one. */
  pipelineFile?: string;
  /** sha256 of the pipeline file's text. */
  fileHash: string;
  /** sha256 of the resolved pipeline (the file plus the schema and recipe it names); resume requires it equal. */
  pipelineHash: string;
  sluiceVersion: string;
  status: RunStatus;
  startedAt: string;
  finishedAt?: string;
  durationMs?: number;
  /** How many times the run was resumed. */
  resumes: number;
  /** The source files the run read. */
  sources: string[];
  phases: PhaseRecord[];
  /** Rows the first phase read (data records at import). */
  rowsIn: number;
  /** Rows in the last phase's stage. */
  rowsOut: number;
  /** Rejected lines plus flagged rows over all phases. */
  rowsRejected: number;
  /** The last committed stage. */
  finalStage?: string;
  error?: AppErrorData;
  /** Set when retention purged the run's stages (the record itself is kept as history). */
  purgedAt?: string;
  /** The run's JSON-lines log file. */
  logFile: string;
}

/** Names of run events (one JSON line each in the run log). */
export type RunEventName =
  | 'run.started'
  | 'run.resumed'
  | 'run.done'
  | 'run.failed'
  | 'run.cancelled'
  | 'run.rolled_back'
  | 'phase.started'
  | 'phase.chunk'
  /** Rows done in the current phase (to the listener only, not to the log file). */
  | 'phase.progress'
  | 'phase.retry'
  | 'phase.skipped'
  | 'phase.done'
  | 'phase.failed'
  | 'retention.purged';

/** One structured event of a run. */
export interface RunEvent {
  ts: string;
  runId: string;
  phase?: string;
  level: 'info' | 'warn' | 'error';
  event: RunEventName;
  message: string;
  data?: Record<string, unknown>;
}

/** What a dry run reports: the plan, without touching the workspace. */
export interface RunPlan {
  pipelineName: string;
  pipelineHash: string;
  sources: string[];
  phases: { name: string; type: PhaseType; decision: 'run' | 'skip' | 'at-run-time'; reason?: string }[];
  config: Record<string, unknown>;
}
