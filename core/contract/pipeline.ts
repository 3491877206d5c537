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
  /** The table written (postgres destinations): `table` or `schema.table`, as the pipeline file names it. */
  table?: string;
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

/** A destination a planned load phase will write, as the pipeline file names it. */
export interface PlannedDestination {
  name: string;
  type: 'parquet' | 'csv' | 'postgres';
  /** The file it writes (file destinations; absolute). */
  path?: string;
  /** The table it writes (postgres destinations): `table` or `schema.table`. */
  table?: string;
  /** The saved connection it uses (postgres; a URL is given without its password); none: the host's default. */
  connection?: string;
}

/** One phase of a plan: what the run will do with it and why. */
export interface PlannedPhase {
  name: string;
  type: PhaseType;
  decision: 'run' | 'skip' | 'at-run-time';
  reason?: string;
  /** The phase's `when` in words (each part the pipeline file gives), whatever the decision. */
  when?: string;
  /** Where a load phase writes. */
  destinations?: PlannedDestination[];
}

/** What a dry run reports: the plan, without touching the workspace. */
export interface RunPlan {
  pipelineName: string;
  pipelineHash: string;
  sources: string[];
  phases: PlannedPhase[];
  config: Record<string, unknown>;
}

/**
 * Which project a run lives in. Runs live in the project of their pipeline: `projectDir` when given, else the
 * default project of `pipelinePath` (one per pipeline file under SLUICE_HOME). With neither, the engine finds
 * a run it started, or one recorded in the runs index of SLUICE_HOME.
 */
export interface RunLocator {
  projectDir?: string;
  pipelinePath?: string;
}

/** A run as the UI lists it: its record, its project, and whether this engine is running it now. */
export interface RunInfo extends RunRecord {
  projectDir: string;
  /** True while this engine runs it. */
  active: boolean;
  /** The job running it (cancel with runs.cancel or jobs.cancel), while active. */
  jobId?: string;
  /** True when `runs.resume` can continue it: not done, not purged, not active (a `running` run that is not active was interrupted). */
  resumable: boolean;
}

/** A phase as the pipeline screen draws it before (or while) a run exists. */
export interface PhaseOutline {
  name: string;
  type: PhaseType;
}

/** What runs.start and runs.resume answer at once; the run goes on in the background as a job. */
export interface RunStarted {
  runId: string;
  jobId: string;
  projectDir: string;
  pipelineName: string;
  pipelineFile: string;
  phases: PhaseOutline[];
  /** True for runs.resume. */
  resumed: boolean;
}

/** Live progress of the phase a run is in (at most a few events a second). */
export interface RunProgress {
  runId: string;
  jobId: string;
  phase: string;
  phaseIndex: number;
  phaseCount: number;
  /** Rows the phase has done so far. */
  rows: number;
  /** Rows the phase will do, when known. */
  total?: number;
  /** 0..1 of the phase, when the total is known. */
  fraction?: number;
  /** Rows per second of the phase since it started. */
  rowsPerSec: number;
  /** Seconds left in the phase, when the total is known. */
  etaSec?: number;
  /** Milliseconds since the phase started. */
  elapsedMs: number;
}

/** A structured run event (a run log line) broadcast live, with the job running it. */
export type RunEventMessage = RunEvent & { jobId: string };

/** A page of a run's structured log (the JSON lines of `<project>/logs/<runId>.jsonl`). */
export interface RunLogPage {
  runId: string;
  logFile: string;
  /** Lines matching the filter. */
  total: number;
  offset: number;
  events: RunEvent[];
}

/** A phase's timing for the runs screen's charts. */
export interface PhaseTiming {
  name: string;
  type: PhaseType;
  status: PhaseStatus;
  /** Milliseconds from the run's start to the phase's start (its last execution). */
  startMs?: number;
  durationMs?: number;
  rowsIn: number;
  rowsOut: number;
  /** rowsIn per second of the phase's duration. */
  rowsPerSec?: number;
}

/** One point of a run's rows/s chart: a phase finishing a chunk (or the whole phase). */
export interface ThroughputSample {
  /** Milliseconds since the run started. */
  tMs: number;
  phase: string;
  /** Rows the phase had done at that moment. */
  rows: number;
  /** Rows per second since the previous sample of the phase (or its start). */
  rowsPerSec: number;
}

/** Figures for the runs screen: phase timings and rows/s over time, from the run's checkpoints and log. */
export interface RunMetrics {
  runId: string;
  startedAt: string;
  durationMs?: number;
  phases: PhaseTiming[];
  samples: ThroughputSample[];
}

/** What runs.watch answers at once; the watcher is a job (stop it with jobs.cancel). */
export interface WatchStarted {
  jobId: string;
  dir: string;
  projectDir: string;
  pipelineName: string;
}

/** A file the watcher handled: ran (done or failed), or skipped because its content already ran. */
export interface WatchFileEvent {
  jobId: string;
  file: string;
  /** sha256 of the file's content (the ledger key). */
  contentHash: string;
  status: 'done' | 'failed' | 'duplicate';
  runId?: string;
  record?: RunRecord;
  error?: AppErrorData;
}
