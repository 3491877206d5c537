// The engine's implementation of the EmbedApi part of the contract (core/contract/api-embed.ts).

import type { EmbedApi } from '../contract/api-embed.js';
import { serializeError } from '../contract/errors.js';
import { ok, type Result } from '../contract/result.js';
import type { EngineContext } from './context.js';
import { listModels } from './embed-models.js';
import { projectSource } from './embed-project.js';
import { embeddedColumns, runEmbed, similarRows } from './embed-service.js';

async function result<T>(work: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/** The embed methods, over the engine's shared context. */
export function embedMethods(ctx: EngineContext): EmbedApi {
  return {
    'embed.models': (req) => result(() => listModels(ctx, req.dirs)),
    'embed.run': (req) => result(() => runEmbed(ctx, req)),
    'embed.columns': (req) => result(() => embeddedColumns(ctx, req.datasetId)),
    'embed.similar': (req) => result(() => similarRows(ctx, req)),
    'embed.projectSource': (req) => result(() => projectSource(ctx, req.projectDir)),
  } satisfies EmbedApi;
}
