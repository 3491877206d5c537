// The runner's view of worker threads. core never imports piscina (ARCHITECTURE §1): the host passes a
// TaskPool (workers/pool.ts wraps the one Piscina), and unit tests use the in-process pool below, which runs
// the very same task functions after a structured clone, as a thread boundary would.

import { AppError, deserializeError } from '../contract/errors.js';
import type { Result } from '../contract/result.js';
import { runTask, type TaskName } from './tasks.js';

/** Runs named tasks off the calling thread. Rejects with an AppError (CANCELLED when `signal` aborts). */
export interface TaskPool {
  run<T = unknown>(task: TaskName, payload: unknown, opts?: { signal?: AbortSignal }): Promise<T>;
  /** Worker threads available (the runner sizes its chunk window by it). */
  readonly threads: number;
}

/** Turns a task's Result (what crosses the thread boundary) back into a value or a thrown AppError. */
export function unwrapTaskResult<T>(r: Result<unknown>): T {
  if (r.ok) return r.value as T;
  throw deserializeError(r.error);
}

/** A TaskPool that runs tasks on the calling thread (tests, tiny inputs). */
export function createInlineTaskPool(threads = 1): TaskPool {
  return {
    threads,
    async run<T>(task: TaskName, payload: unknown, opts: { signal?: AbortSignal } = {}): Promise<T> {
      const { signal } = opts;
      if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled by the user.');
      const work = runTask(task, structuredClone(payload));
      if (!signal) return unwrapTaskResult<T>(await work);
      // A thread would be terminated on abort; in-process we can only stop waiting for it.
      let onAbort = () => {};
      const aborted = new Promise<never>((_, reject) => {
        onAbort = () => reject(new AppError('CANCELLED', 'Cancelled by the user.'));
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        return unwrapTaskResult<T>(await Promise.race([work, aborted]));
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
