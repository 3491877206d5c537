// createEngine(deps): the product behind every host (ARCHITECTURE §1). It implements the whole contract;
// every method resolves to a Result and never throws across the bridge.

import { resolve } from 'node:path';
import type { AppApi, AppBridge } from '../contract/api.js';
import { serializeError } from '../contract/errors.js';
import { ok, type Result } from '../contract/result.js';
import { detectFile } from '../csv/detect.js';
import * as analysis from './analysis-service.js';
import { silentLogger, type EngineContext, type EngineDeps } from './context.js';
import * as datasets from './datasets-service.js';
import { embedMethods } from './embed-methods.js';
import { recipeMethods } from './recipe-methods.js';
import { runsMethods } from './runs-methods.js';
import { syncMethods } from './sync-methods.js';
import { createEventHub } from './events.js';
import { JobRunner } from './jobs.js';

/** The engine: the contract plus a way to shut it down. */
export interface Engine extends AppBridge {
  /** Cancels running jobs, waits for them, and closes every project. */
  close(): Promise<void>;
}

async function result<T>(work: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/** Creates an engine over the given dependencies. */
export function createEngine(deps: EngineDeps): Engine {
  const log = deps.log ?? silentLogger;
  const events = createEventHub((e) => log.error('event handler failed', { error: String(e) }));
  const ctx: EngineContext = {
    deps,
    env: deps.env ?? process.env,
    log,
    events,
    jobs: new JobRunner(events, deps.now),
    projects: new Map(),
    datasets: new Map(),
    heavy: new Map(),
  };

  const api = {
    ...recipeMethods(ctx),
    ...runsMethods(ctx),
    ...syncMethods(ctx),
    ...embedMethods(ctx),
    'datasets.detect': (req) => result(() => detectFile(resolve(req.path), req.overrides)),
    'datasets.open': (req) => result(() => datasets.openDataset(ctx, req)),
    'datasets.get': (req) => result(() => datasets.getDataset(ctx, req.datasetId)),
    'datasets.preview': (req) => result(() => datasets.previewPath(req.path, req.rows, req.overrides)),
    'datasets.waitForImport': (req) => result(() => datasets.waitForImport(ctx, req.datasetId)),
    'datasets.rows': (req) => result(() => datasets.rowsPage(ctx, req)),
    'datasets.rejects': (req) => result(() => datasets.rejectsPage(ctx, req)),
    'profile.get': (req) => result(() => analysis.getProfile(ctx, req.datasetId)),
    'schema.infer': (req) => result(() => analysis.inferDatasetSchema(ctx, req.datasetId)),
    'schema.get': (req) => result(() => analysis.getDatasetSchema(ctx, req.datasetId)),
    'schema.set': (req) => result(() => analysis.setDatasetSchema(ctx, req)),
    'validation.run': (req) => result(() => analysis.runValidation(ctx, req.datasetId)),
    'findings.summary': (req) => result(() => analysis.summary(ctx, req.datasetId)),
    'findings.page': (req) => result(() => analysis.page(ctx, req)),
    'findings.export': (req) => result(() => analysis.exportFindings(ctx, req)),
    'jobs.cancel': (req) => result(() => ({ cancelled: ctx.jobs.cancel(req.jobId) })),
  } satisfies AppApi;

  return {
    ...api,
    on: events.on,
    async close() {
      ctx.jobs.cancelAll();
      await ctx.jobs.settled();
      await Promise.allSettled([...ctx.datasets.values()].map((d) => d.importJob?.promise));
      const projects = await Promise.allSettled([...ctx.projects.values()]);
      for (const p of projects) if (p.status === 'fulfilled') p.value.close();
      ctx.projects.clear();
      ctx.datasets.clear();
      await deps.dispose?.();
    },
  };
}
