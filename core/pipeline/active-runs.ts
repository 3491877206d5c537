// Runs in progress in this process, per workspace handle: a run cannot be resumed, rolled back or purged
// while it runs. (Across processes the DuckDB file lock already keeps a second process out.)

import type { DuckDbHandle } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';

const active = new WeakMap<DuckDbHandle, Set<string>>();

/** The ids of runs in progress on this workspace. */
export function activeRuns(db: DuckDbHandle): ReadonlySet<string> {
  return active.get(db) ?? new Set();
}

/** Marks a run as in progress; CONFLICT when it already is. Returns the release function. */
export function claimRun(db: DuckDbHandle, runId: string): () => void {
  let set = active.get(db);
  if (!set) active.set(db, (set = new Set()));
  if (set.has(runId))
    throw new AppError('CONFLICT', `Run '${runId}' is already in progress.`, {
      runId,
      hint: 'Wait for it to finish, or cancel it first.',
    });
  set.add(runId);
  return () => set.delete(runId);
}
