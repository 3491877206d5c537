// The engine's implementation of the EmbedApi part of the contract (core/contract/api-embed.ts).

import type { EmbedApi } from '../contract/api-embed.js';
import type { EngineContext } from './context.js';

/** The embed methods, over the engine's shared context. */
export function embedMethods(ctx: EngineContext): EmbedApi {
  void ctx;
  return {} satisfies EmbedApi;
}
