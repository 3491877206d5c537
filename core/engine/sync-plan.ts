// sync.plan: the dry run. The plan (mapping, schema changes, problems) always comes back; when no problem stops
// the sync, the whole sync also runs inside a transaction that is rolled back, so the counts are the ones the
// database itself would produce (rejects with its messages included) and the target is left untouched.

import type { SyncDryRun, SyncRequest } from '../contract/sync.js';
import { planDataset, syncDataset } from '../sync/index.js';
import type { EngineContext } from './context.js';
import { optionsOf, syncDeps } from './sync-run.js';
import { resolveSource } from './sync-source.js';

/** sync.plan */
export async function dryRun(ctx: EngineContext, req: SyncRequest): Promise<SyncDryRun> {
  const src = await resolveSource(ctx, req);
  const target = await syncDeps(ctx).target(req.to);
  const options = optionsOf(req, src, target);
  const { rows, heldBack, ...plan } = await planDataset(options);
  if (plan.problems.length > 0) return { plan, rows, heldBack, rejects: [], target: target.label };
  const r = await syncDataset({ ...options, dryRun: true });
  return {
    plan,
    rows,
    heldBack: r.heldBack,
    counts: { inserted: r.inserted, updated: r.updated, unchanged: r.unchanged, rejected: r.rejected },
    rejects: r.rejects,
    target: target.label,
  };
}
