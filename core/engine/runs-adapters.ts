// The adapters a run's phases get for what core's pipeline runner cannot do alone: loading into PostgreSQL
// (core/sync/pipeline-loader.ts, over the engine's databases) and computing embeddings
// (core/embed/pipeline-adapter.ts, models in the run's worker pool).

import { join } from 'node:path';
import { createEmbedAdapter } from '../embed/pipeline-adapter.js';
import type { PipelineAdapters } from '../pipeline/index.js';
import type { DestinationSpec } from '../pipeline/types.js';
import { createPostgresLoader } from '../sync/pipeline-loader.js';
import type { EngineContext } from './context.js';

/**
 * What load and embed phases need: the PostgreSQL loader over the engine's databases (a destination's
 * options.connection names a saved connection or URL; none: $DATABASE_URL, else the sandbox) when the host
 * gave the engine PostgreSQL, and the embed adapter (models run in the run's worker pool).
 */
export function pipelineAdapters(ctx: EngineContext, projectDir: string): PipelineAdapters {
  const sync = ctx.deps.sync;
  const connection = (d: DestinationSpec) =>
    typeof d.options.connection === 'string' ? d.options.connection : undefined;
  return {
    ...(sync
      ? {
          postgres: createPostgresLoader({
            target: async (d) => (await sync.target(connection(d))).target,
            ...(projectDir ? { tmpDir: join(projectDir, 'tmp') } : {}),
          }),
        }
      : {}),
    embed: createEmbedAdapter(),
  };
}
