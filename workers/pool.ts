// The one Piscina pool of Sluice (ARCHITECTURE §1). It runs the task files in ./tasks (compiled to
// dist/workers/tasks) and presents them to core as a TaskPool; core never imports piscina. Tasks return a
// Result, so errors cross the thread boundary as plain data and come back as AppErrors; aborting a task's
// signal terminates its worker thread.

import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { AppError, isCancellation, toAppError } from '../core/contract/errors.js';
import type { Result } from '../core/contract/result.js';
import { resolveConfig } from '../core/pipeline/config.js';
import { TASKS, type TaskName } from '../core/pipeline/tasks.js';
import { unwrapTaskResult, type TaskPool } from '../core/pipeline/task-pool.js';

/** A TaskPool backed by worker threads; close it when done. */
export interface WorkerPool extends TaskPool {
  close(): Promise<void>;
}

/** Options of createWorkerPool. */
export interface WorkerPoolOptions {
  /** Threads (default SLUICE_THREADS, else cores - 1, at least 1). */
  threads?: number;
  /** Folder of the compiled task files (default: beside this module, or dist/ when run from sources). */
  tasksDir?: string;
  env?: NodeJS.ProcessEnv;
}

/** Where the compiled task files are: `./tasks` beside the compiled pool, `dist/workers/tasks` from sources. */
export function defaultTasksDir(moduleUrl: string = import.meta.url): string {
  const here = fileURLToPath(new URL('.', moduleUrl));
  return moduleUrl.endsWith('.ts') ? resolve(here, '..', 'dist', 'workers', 'tasks') : join(here, 'tasks');
}

/** Creates the worker pool. */
export function createWorkerPool(opts: WorkerPoolOptions = {}): WorkerPool {
  const threads = opts.threads ?? resolveConfig({}, opts.env ?? process.env).values.threads;
  const dir = opts.tasksDir ?? defaultTasksDir();
  const piscina = new Piscina({ minThreads: 0, maxThreads: threads, idleTimeout: 30_000 });
  return {
    threads,
    async run<T>(task: TaskName, payload: unknown, o: { signal?: AbortSignal } = {}): Promise<T> {
      if (!(task in TASKS)) throw new AppError('INTERNAL', `unknown task ${String(task)}`);
      let result: Result<unknown>;
      try {
        result = (await piscina.run(payload, {
          filename: join(dir, `${task}.js`),
          signal: o.signal ?? null,
        })) as Result<unknown>;
      } catch (e) {
        if (o.signal?.aborted || isCancellation(e)) throw new AppError('CANCELLED', 'Cancelled by the user.');
        // Only a crash of the thread itself lands here (a task's own errors come back as data).
        throw toAppError(e);
      }
      return unwrapTaskResult<T>(result);
    },
    close: () => piscina.destroy(),
  };
}
