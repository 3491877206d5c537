// The engine's implementation of the RecipeApi part of the contract (core/contract/api-recipe.ts).

import type { RecipeApi } from '../contract/api-recipe.js';
import type { EngineContext } from './context.js';

/** The recipe methods, over the engine's shared context. */
export function recipeMethods(ctx: EngineContext): RecipeApi {
  void ctx;
  return {} satisfies RecipeApi;
}
