// Runs as background jobs: runs.start and runs.resume check what they can at once (the pipeline parses, its
// sources exist, the host can run every phase, the run exists), then hand the run to the JobRunner (kind
// 'run'), whose AbortSignal cancels it at a checkpoint boundary. Each run's structured events are broadcast
// as `runs.event`, and its phase progress as `runs.progress` and `jobs.progress` (rows/s, ETA).

import { AppError } from '../contract/errors.js';
import type { RunInfo, RunRecord, RunStarted } from '../contract/pipeline.js';
import {
  createInlineTaskPool,
  getRun,
  newRunId,
  runPipeline,
  type LoadedPipeline,
  type PipelineAdapters,
  type TaskPool,
} from '../pipeline/index.js';
import type { Project } from '../project/project.js';
import type { EngineContext } from './context.js';
import { projectAt } from './datasets-service.js';
import { pipelineAdapters } from './runs-adapters.js';
import { indexRun } from './runs-locate.js';
import { progressTracker } from './runs-progress.js';

/** A run this engine is running. */
export interface ActiveRun {
  runId: string;
  projectDir: string;
  jobId: string;
  /** Settles when the run ends (a watcher's run: when it ends, whatever the outcome). */
  promise: Promise<unknown>;
}

/** The runs side of one engine: its active runs, the projects of runs it saw, the pool. */
export interface RunsState {
  active: Map<string, ActiveRun>;
  /** runId → project folder, for every run this engine started, resumed or read. */
  seen: Map<string, string>;
  pool(): TaskPool;
  adapters(projectDir: string): PipelineAdapters;
}

/** Creates the runs state of an engine. */
export function createRunsState(ctx: EngineContext): RunsState {
  let inline: TaskPool | undefined;
  return {
    active: new Map(),
    seen: new Map(),
    pool: () => ctx.deps.pool?.() ?? (inline ??= createInlineTaskPool()),
    adapters: (projectDir) => pipelineAdapters(ctx, projectDir),
  };
}

/** A run's info: its record plus where it lives and whether it is going on here. */
export function runInfo(state: RunsState, projectDir: string, rec: RunRecord): RunInfo {
  const a = state.active.get(rec.runId);
  const active = a !== undefined && a.projectDir === projectDir;
  return {
    ...rec,
    projectDir,
    active,
    ...(active ? { jobId: a.jobId } : {}),
    resumable: !active && rec.status !== 'done' && !rec.purgedAt,
  };
}

/** What a run job needs. */
export interface RunJobSpec {
  pipeline: LoadedPipeline;
  project: Project;
  runId: string;
  resume: boolean;
  input?: string;
  secrets?: Record<string, string>;
}

/** Starts (or resumes) a run as a job; returns at once. */
export function startRunJob(ctx: EngineContext, state: RunsState, spec: RunJobSpec): RunStarted {
  const { pipeline, project, runId } = spec;
  if (state.active.has(runId))
    throw new AppError('CONFLICT', `Run '${runId}' is already in progress.`, {
      runId,
      hint: 'Wait for it, or cancel it first.',
    });
  const holder = { jobId: '' };
  const job = ctx.jobs.start('run', undefined, (signal, progress) =>
    runPipeline({
      pipeline,
      project: { db: project.db, dir: project.dir, tmpDir: project.tmpDir },
      runId,
      resume: spec.resume,
      ...(spec.input ? { input: spec.input } : {}),
      signal,
      pool: state.pool(),
      adapters: state.adapters(project.dir),
      ...(spec.secrets ? { secrets: spec.secrets } : {}),
      env: ctx.env,
      onEvent: progressTracker(ctx, holder, pipeline.spec.phases.length, progress),
    }),
  );
  holder.jobId = job.id;
  state.active.set(runId, { runId, projectDir: project.dir, jobId: job.id, promise: job.promise });
  state.seen.set(runId, project.dir);
  void job.promise.then(
    () => state.active.delete(runId),
    () => state.active.delete(runId),
  );
  return {
    runId,
    jobId: job.id,
    projectDir: project.dir,
    pipelineName: pipeline.spec.name,
    pipelineFile: pipeline.file ?? '',
    phases: pipeline.spec.phases.map((p) => ({ name: p.name, type: p.type })),
    resumed: spec.resume,
  };
}

/** runs.start: checks the pipeline can run here (a dry run), then starts it. */
export async function startRun(
  ctx: EngineContext,
  state: RunsState,
  req: {
    pipeline: LoadedPipeline;
    projectDir: string;
    input?: string;
    runId?: string;
    secrets?: Record<string, string>;
  },
): Promise<RunStarted> {
  const project = await projectAt(ctx, req.projectDir);
  // A dry run refuses what would fail before any work (no loader for a database, no file for the glob).
  await runPipeline({
    pipeline: req.pipeline,
    project: { db: project.db, dir: project.dir },
    dryRun: true,
    ...(req.input ? { input: req.input } : {}),
    adapters: state.adapters(project.dir),
    env: ctx.env,
  });
  const runId = req.runId ?? newRunId();
  const started = startRunJob(ctx, state, {
    pipeline: req.pipeline,
    project,
    runId,
    resume: false,
    ...(req.input ? { input: req.input } : {}),
    ...(req.secrets ? { secrets: req.secrets } : {}),
  });
  await indexRun(ctx.env, {
    runId,
    projectDir: project.dir,
    pipelineFile: req.pipeline.file ?? '',
    startedAt: new Date().toISOString(),
  });
  return started;
}

/** runs.resume: the run must exist and not be running; the pipeline must be unchanged (the runner checks). */
export async function resumeRun(
  ctx: EngineContext,
  state: RunsState,
  req: { pipeline: LoadedPipeline; project: Project; runId: string; secrets?: Record<string, string> },
): Promise<RunStarted> {
  const rec = await getRun(req.project.db, req.runId);
  if (rec.purgedAt)
    throw new AppError('CONFLICT', `Run '${req.runId}' cannot resume: its stages were purged.`, {
      runId: req.runId,
      hint: 'Start a new run.',
    });
  return startRunJob(ctx, state, {
    pipeline: req.pipeline,
    project: req.project,
    runId: req.runId,
    resume: true,
    ...(req.secrets ? { secrets: req.secrets } : {}),
  });
}
