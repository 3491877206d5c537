// Every task a worker thread can run, by name: the one list both the worker files (workers/tasks/*.ts) and
// the in-process pool dispatch through, so a task behaves the same on either side of a thread boundary.

import { serializeError } from '../contract/errors.js';
import type { Result } from '../contract/result.js';
import { runCustomPhaseTask } from './custom-task.js';

// Loaded on first use: ONNX Runtime's native module stays out of processes and threads that never embed.
const runEmbedTask = async (payload: unknown): Promise<unknown> =>
  (await import('../embed/embed-task.js')).runEmbedTask(payload);

/** The tasks, by name (a worker file `workers/tasks/<name>.ts` exists for each). */
export const TASKS = {
  'custom-phase': runCustomPhaseTask,
  embed: runEmbedTask,
} as const;

/** A task name. */
export type TaskName = keyof typeof TASKS;

/** Runs a task and returns its outcome as plain data (errors serialized), never throwing. */
export async function runTask(name: TaskName, payload: unknown): Promise<Result<unknown>> {
  try {
    const fn = TASKS[name] as (p: unknown) => Promise<unknown>;
    return { ok: true, value: await fn(payload) };
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}
