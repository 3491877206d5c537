// runs.watch: a folder watcher (core/pipeline/watch.ts) as a job of kind 'run'. Cancelling the job stops the
// watcher; a run it had in progress stays resumable, and the next watcher on the folder resumes it (the run id
// is derived from the file's content).

import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../contract/errors.js';
import type { WatchStarted } from '../contract/pipeline.js';
import { watchFolder, type LoadedPipeline } from '../pipeline/index.js';
import type { EngineContext } from './context.js';
import { projectAt } from './datasets-service.js';
import type { RunEvent } from '../contract/pipeline.js';
import type { RunsState } from './runs-jobs.js';
import { progressTracker } from './runs-progress.js';

/** Starts watching `dir` for the pipeline; returns at once. */
export async function startWatch(
  ctx: EngineContext,
  state: RunsState,
  req: { dir: string; pipeline: LoadedPipeline; projectDir: string; stableMs?: number; pollMs?: number },
): Promise<WatchStarted> {
  const dir = resolve(req.dir);
  const st = await stat(dir).catch(() => null);
  if (!st?.isDirectory())
    throw new AppError('FILE_NOT_FOUND', `${dir} is not a folder.`, {
      file: dir,
      hint: 'Give the folder the CSV files land in.',
    });
  const project = await projectAt(ctx, req.projectDir);
  const holder = { jobId: '' };
  const job = ctx.jobs.start('run', undefined, (signal, progress) =>
    watchFolder(dir, req.pipeline, {
      project: { db: project.db, dir: project.dir, tmpDir: project.tmpDir },
      signal,
      env: ctx.env,
      ...(req.stableMs !== undefined ? { stableMs: req.stableMs } : {}),
      ...(req.pollMs !== undefined ? { pollMs: req.pollMs } : {}),
      run: {
        pool: state.pool(),
        adapters: state.adapters(project.dir),
        onEvent: trackActive(
          state,
          project.dir,
          holder,
          progressTracker(ctx, holder, req.pipeline.spec.phases.length, progress),
        ),
      },
      onRun: (r) => {
        if (r.runId) state.seen.set(r.runId, project.dir);
        ctx.events.emit('runs.watched', {
          jobId: holder.jobId,
          file: r.file,
          contentHash: r.contentHash,
          status: r.status,
          ...(r.runId ? { runId: r.runId } : {}),
          ...(r.record ? { record: r.record } : {}),
          ...(r.error ? { error: r.error } : {}),
        });
      },
    }),
  );
  holder.jobId = job.id;
  return { jobId: job.id, dir, projectDir: project.dir, pipelineName: req.pipeline.spec.name };
}

/**
 * Marks the watcher's current run as active while it goes (so runs.list/get say so, runs.wait waits for it and
 * runs.cancel stops the watcher with it), then passes every event on.
 */
function trackActive(
  state: RunsState,
  projectDir: string,
  holder: { jobId: string },
  next: (e: RunEvent) => void,
): (e: RunEvent) => void {
  let end: (() => void) | undefined;
  return (e) => {
    if (e.event === 'run.started' || e.event === 'run.resumed') {
      const promise = new Promise<void>((done) => (end = done));
      state.active.set(e.runId, { runId: e.runId, projectDir, jobId: holder.jobId, promise });
      state.seen.set(e.runId, projectDir);
    } else if (e.event === 'run.done' || e.event === 'run.failed' || e.event === 'run.cancelled') {
      state.active.delete(e.runId);
      end?.();
    }
    next(e);
  };
}
