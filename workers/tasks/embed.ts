// Worker task: embed a batch of texts with a model this thread keeps loaded (core/embed/embed-task.ts).

import type { Result } from '../../core/contract/result.js';
import { runTask } from '../../core/pipeline/tasks.js';

/** Embeds the payload's texts; errors come back as data. */
export default function embed(payload: unknown): Promise<Result<unknown>> {
  return runTask('embed', payload);
}
