// The engine's implementation of the RunsApi part of the contract (core/contract/api-runs.ts).

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunRef, RunsApi } from '../contract/api-runs.js';
import { AppError, serializeError } from '../contract/errors.js';
import type { RunInfo } from '../contract/pipeline.js';
import { ok, type Result } from '../contract/result.js';
import { getRun, listRuns, loadPipeline, resolveConfig, rollbackRun } from '../pipeline/index.js';
import { DEFAULT_HANDLERS } from '../pipeline/phases/index.js';
import { checkCapabilities, planRun, resolveSources } from '../pipeline/plan.js';
import type { EngineContext } from './context.js';
import { projectAt } from './datasets-service.js';
import { createRunsState, resumeRun, runInfo, startRun } from './runs-jobs.js';
import { locateProject, pipelineProjectDir } from './runs-locate.js';
import { logPage, runMetrics } from './runs-read.js';
import { startWatch } from './runs-watch.js';

async function result<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/** The runs methods, over the engine's shared context. */
export function runsMethods(ctx: EngineContext): RunsApi {
  const state = createRunsState(ctx);
  const project = async (ref: RunRef) => {
    const dir = await locateProject(ctx.env, ref, (id) => state.seen.get(id));
    state.seen.set(ref.runId, dir);
    return projectAt(ctx, dir);
  };
  const info = async (ref: RunRef): Promise<RunInfo> => {
    const p = await project(ref);
    return runInfo(state, p.dir, await getRun(p.db, ref.runId));
  };
  const pipelineOf = (path: string) => loadPipeline(resolve(path), ctx.env);

  return {
    'runs.plan': (req) =>
      result(async () => {
        // What runPipeline's dry run does, without opening (or creating) the pipeline's project.
        const pipeline = await pipelineOf(req.pipelinePath);
        checkCapabilities(pipeline, DEFAULT_HANDLERS, state.adapters(''));
        const cfg = resolveConfig(pipeline.spec.config, ctx.env).values;
        const input = req.input ? resolve(req.input) : undefined;
        return planRun(pipeline, await resolveSources(pipeline, input), cfg, new Date());
      }),
    'runs.start': (req) =>
      result(async () =>
        startRun(ctx, state, {
          pipeline: await pipelineOf(req.pipelinePath),
          projectDir: pipelineProjectDir(req.pipelinePath, ctx.env, req.projectDir),
          ...(req.input ? { input: resolve(req.input) } : {}),
          ...(req.runId ? { runId: req.runId } : {}),
          ...(req.secrets ? { secrets: req.secrets } : {}),
        }),
      ),
    'runs.resume': (req) =>
      result(async () => {
        const p = await project(req);
        const rec = await getRun(p.db, req.runId);
        const file = req.pipelinePath ?? rec.pipelineFile;
        if (!file)
          throw new AppError('BAD_USAGE', `Run '${req.runId}' did not come from a pipeline file.`, {
            runId: req.runId,
            hint: 'Pass the pipeline file to resume it with.',
          });
        return resumeRun(ctx, state, {
          pipeline: await pipelineOf(file),
          project: p,
          runId: req.runId,
          ...(req.secrets ? { secrets: req.secrets } : {}),
        });
      }),
    'runs.wait': (req) =>
      result(async () => {
        const a = state.active.get(req.runId);
        if (a) await a.promise;
        return info(req);
      }),
    'runs.cancel': (req) =>
      result(async () => {
        const a = state.active.get(req.runId);
        return { cancelled: a ? ctx.jobs.cancel(a.jobId) : false };
      }),
    'runs.list': (req) =>
      result(async () => {
        const dir = await locateProject(ctx.env, req);
        // Listing never creates a project: a pipeline that never ran has no runs.
        if (!existsSync(join(dir, 'workspace.duckdb'))) return [];
        const p = await projectAt(ctx, dir);
        const recs = await listRuns(p.db, { ...(req.limit !== undefined ? { limit: req.limit } : {}) });
        for (const r of recs) state.seen.set(r.runId, p.dir);
        return recs.map((r) => runInfo(state, p.dir, r));
      }),
    'runs.get': (req) => result(() => info(req)),
    'runs.rollback': (req) =>
      result(async () => {
        const p = await project(req);
        const rec = await rollbackRun({
          db: p.db,
          runId: req.runId,
          toPhase: req.toPhase,
          adapters: state.adapters(p.dir),
        });
        return runInfo(state, p.dir, rec);
      }),
    'runs.log': (req) =>
      result(async () => {
        const p = await project(req);
        return logPage(await getRun(p.db, req.runId), req);
      }),
    'runs.metrics': (req) =>
      result(async () => {
        const p = await project(req);
        return runMetrics(await getRun(p.db, req.runId));
      }),
    'runs.watch': (req) =>
      result(async () =>
        startWatch(ctx, state, {
          dir: req.dir,
          pipeline: await pipelineOf(req.pipelinePath),
          projectDir: pipelineProjectDir(req.pipelinePath, ctx.env, req.projectDir),
          ...(req.stableMs !== undefined ? { stableMs: req.stableMs } : {}),
          ...(req.pollMs !== undefined ? { pollMs: req.pollMs } : {}),
        }),
      ),
  } satisfies RunsApi;
}
