// Worker task: embed a batch of texts with a model this thread keeps loaded (core/embed/embed-task.ts). The
// vectors (a chunk's are megabytes) are moved to the calling thread, not copied.

import { Piscina } from 'piscina';
import type { Result } from '../../core/contract/result.js';
import type { EmbedTaskOutput } from '../../core/embed/embed-task.js';
import { runTask } from '../../core/pipeline/tasks.js';

/** Embeds the payload's texts; errors come back as data. */
export default async function embed(payload: unknown): Promise<Result<unknown>> {
  const r = await runTask('embed', payload);
  const vectors = r.ok ? (r.value as EmbedTaskOutput).result.vectors : undefined;
  // Only a buffer the vectors fill alone is handed over (moving a shared one would take more with it).
  if (
    !vectors ||
    !(vectors.buffer instanceof ArrayBuffer) ||
    vectors.byteLength !== vectors.buffer.byteLength
  )
    return r;
  // (Piscina's Transferable type names its own unique symbols; the getters give the same symbols untyped.)
  const movable = { [Piscina.transferableSymbol]: [vectors.buffer], [Piscina.valueSymbol]: r };
  return Piscina.move(movable as unknown as Parameters<typeof Piscina.move>[0]) as unknown as Result<unknown>;
}
