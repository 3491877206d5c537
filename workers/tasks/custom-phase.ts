// Worker task: one chunk of a custom JS phase (core/pipeline/custom-task.ts does the work).

import type { Result } from '../../core/contract/result.js';
import { runTask } from '../../core/pipeline/tasks.js';

/** Runs one chunk through the phase's module; errors come back as data. */
export default function customPhase(payload: unknown): Promise<Result<unknown>> {
  return runTask('custom-phase', payload);
}
