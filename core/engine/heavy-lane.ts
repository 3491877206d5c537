// One heavy DuckDB job at a time per workspace. Profiling, suggestions and validation each build hash tables
// and sorts that cannot all spill to disk; started together right after an import (the UI asks for the profile,
// the schema and the suggestions at once) they shared a 128 MB buffer pool and failed with Out of Memory
// (measured on 1M rows). In the lane they take turns; light reads (grid windows, findings pages) never queue.
// Lock order: a job that also needs the dataset's recipe lock takes that lock first (validation does); nothing
// waits for the recipe lock while in the lane, so the two cannot deadlock. Undo/redo stay out of the lane.

/** Tails of the lanes, by project folder. */
export type HeavyLanes = Map<string, Promise<unknown>>;

/** Runs `fn` after every heavy job already queued for the project at `projectDir`. */
export function inHeavyLane<T>(lanes: HeavyLanes, projectDir: string, fn: () => Promise<T>): Promise<T> {
  const run = (lanes.get(projectDir) ?? Promise.resolve()).then(fn);
  const tail = run.catch(() => undefined);
  lanes.set(projectDir, tail);
  // The map forgets a lane once it is idle, so it does not grow with every project ever opened.
  void tail.then(() => {
    if (lanes.get(projectDir) === tail) lanes.delete(projectDir);
  });
  return run;
}
