// The engine's implementation of the SyncApi part of the contract (core/contract/api-sync.ts).

import type { SyncApi } from '../contract/api-sync.js';
import { ok, type Result } from '../contract/result.js';
import { serializeError } from '../contract/errors.js';
import { listSyncs, rollbackSync } from '../sync/index.js';
import type { EngineContext } from './context.js';
import { testConnection } from './sync-connections.js';
import { keyFieldsOf, syncDetail, syncRow } from './sync-history.js';
import { dryRun } from './sync-plan.js';
import { startSync, syncDeps, waitSync } from './sync-run.js';

async function result<T>(work: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/** The sync methods, over the engine's shared context. */
export function syncMethods(ctx: EngineContext): SyncApi {
  const target = async (to: string | undefined) => (await syncDeps(ctx).target(to)).target;
  const store = () => syncDeps(ctx).connections;
  return {
    'sync.plan': (req) => result(() => dryRun(ctx, req)),
    'sync.run': (req) => result(() => startSync(ctx, req)),
    'sync.wait': (req) => result(() => waitSync(ctx, req.jobId)),
    'sync.resyncFixed': (req) =>
      result(async () => {
        // The rows go into the same table, mode and key as the first time: the recorded sync says which.
        const row = await syncRow(await target(req.to), req.syncId);
        return startSync(
          ctx,
          {
            ...(req.to ? { to: req.to } : {}),
            ...(req.projectDir ? { projectDir: req.projectDir } : {}),
            datasetId: req.datasetId ?? row.dataset_id,
            table: row.target_table,
            dbSchema: row.target_schema,
            mode: row.mode,
            key: keyFieldsOf(row),
            syncId: req.syncId,
          },
          { resyncFixed: true },
        );
      }),
    'sync.rollback': (req) => result(async () => rollbackSync(await target(req.to), req.syncId)),
    'sync.list': (req) =>
      result(async () => listSyncs(await target(req.to), req.limit ? { limit: req.limit } : {})),
    'sync.get': (req) => result(async () => syncDetail(await target(req.to), req.syncId)),
    'connections.add': (req) => result(() => store().add(req)),
    'connections.edit': (req) => result(() => store().edit(req)),
    'connections.list': () => result(() => store().list()),
    'connections.test': (req) => result(() => testConnection(syncDeps(ctx), req)),
    'connections.remove': (req) => result(async () => ({ removed: await store().remove(req.name) })),
  } satisfies SyncApi;
}
