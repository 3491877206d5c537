// The engine's implementation of the SyncApi part of the contract (core/contract/api-sync.ts).

import type { SyncApi } from '../contract/api-sync.js';
import type { EngineContext } from './context.js';

/** The sync methods, over the engine's shared context. */
export function syncMethods(ctx: EngineContext): SyncApi {
  void ctx;
  return {} satisfies SyncApi;
}
