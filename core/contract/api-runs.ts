// The contract's methods and events for pipeline runs (runs.*: plan, start, resume, wait, cancel, list, get,
// rollback, log, metrics, watch; core/pipeline). A run goes on in the background as a job (kind 'run'): the
// start answers at once, progress comes as events, and the record is read back with runs.get / runs.wait.
// api.ts joins every domain's interface into AppApi/AppEvents and its names into METHOD_NAMES/EVENT_NAMES.

import type {
  RunEventMessage,
  RunInfo,
  RunLocator,
  RunLogPage,
  RunMetrics,
  RunPlan,
  RunProgress,
  RunStarted,
  WatchFileEvent,
  WatchStarted,
} from './pipeline.js';
import type { Result } from './result.js';

/** Names a run: its id and, optionally, where it lives (see RunLocator). */
export type RunRef = RunLocator & { runId: string };

/** Methods of this domain. */
export interface RunsApi {
  /** Dry run: the sources, settings and which phases would run or be skipped; touches nothing. */
  'runs.plan'(req: { pipelinePath: string; input?: string }): Promise<Result<RunPlan>>;
  /**
   * Start a run of a pipeline file in the background (a job of kind 'run'). `input` replaces the pipeline's
   * source file; `secrets` feed recipe hash operations (never stored: pass them again to resume).
   */
  'runs.start'(req: {
    pipelinePath: string;
    projectDir?: string;
    input?: string;
    runId?: string;
    secrets?: Record<string, string>;
  }): Promise<Result<RunStarted>>;
  /** Continue a run after its last checkpoint (interrupted, failed, cancelled or rolled back), in the background. */
  'runs.resume'(req: RunRef & { secrets?: Record<string, string> }): Promise<Result<RunStarted>>;
  /** Wait for a run this engine is running; its record, or the run's error when it failed or was cancelled. */
  'runs.wait'(req: RunRef): Promise<Result<RunInfo>>;
  /** Cancel a run this engine is running (it stays resumable); false when it is not running here. */
  'runs.cancel'(req: { runId: string }): Promise<Result<{ cancelled: boolean }>>;
  /** The runs of a project (or of a pipeline's project), newest first. */
  'runs.list'(req: RunLocator & { limit?: number }): Promise<Result<RunInfo[]>>;
  /** One run: phases, timings, rows in/out/rejected, errors. */
  'runs.get'(req: RunRef): Promise<Result<RunInfo>>;
  /** Roll a run back to a phase: later phases' stages and checkpoints go; the run can then be resumed. */
  'runs.rollback'(req: RunRef & { toPhase: string }): Promise<Result<RunInfo>>;
  /** A page of a run's structured log, optionally of one phase and at least one level. */
  'runs.log'(
    req: RunRef & {
      offset?: number;
      limit?: number;
      phase?: string;
      minLevel?: 'info' | 'warn' | 'error';
    },
  ): Promise<Result<RunLogPage>>;
  /** Phase timings and rows/s over time, for charts. */
  'runs.metrics'(req: RunRef): Promise<Result<RunMetrics>>;
  /**
   * Watch a folder: run the pipeline once per new or changed CSV content (a hash ledger), one at a time,
   * after the file stopped changing. A job of kind 'run'; stop it with jobs.cancel.
   */
  'runs.watch'(req: {
    dir: string;
    pipelinePath: string;
    projectDir?: string;
    stableMs?: number;
    pollMs?: number;
  }): Promise<Result<WatchStarted>>;
}

/** Events of this domain. */
export interface RunsEvents {
  /** Progress of the phase a run is in: rows, rows/s, ETA. */
  'runs.progress': RunProgress;
  /** Every structured event of a run as it happens (phase started/done/skipped/failed, retries, chunks…). */
  'runs.event': RunEventMessage;
  /** A watched file was handled. */
  'runs.watched': WatchFileEvent;
}

/** The method names of this domain, at run time. */
export const RUNS_METHODS = [
  'runs.plan',
  'runs.start',
  'runs.resume',
  'runs.wait',
  'runs.cancel',
  'runs.list',
  'runs.get',
  'runs.rollback',
  'runs.log',
  'runs.metrics',
  'runs.watch',
] as const satisfies readonly (keyof RunsApi)[];

/** The event names of this domain, at run time. */
export const RUNS_EVENTS = [
  'runs.progress',
  'runs.event',
  'runs.watched',
] as const satisfies readonly (keyof RunsEvents)[];
