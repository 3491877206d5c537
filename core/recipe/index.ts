// Recipes: operations as data, applied as immutable DuckDB stages with a cache for instant undo and redo.

export {
  applyRecipe,
  planStages,
  type ApplyOptions,
  type FindingsSource,
  type RecipeProgress,
} from './apply.js';
export { usesFindings } from './uses-findings.js';
export { RecipeSession, type ChangeOptions, type ConnectionSource, type SessionOptions } from './session.js';
export { previewOp, type PreviewOptions } from './preview.js';
export { collectStageGarbage, type GcOptions } from './gc.js';
export { parseRecipe, parseOperation, parseCondition } from './parse-recipe.js';
export { recipeJsonSchema } from './json-schema.js';
export { OP_NAMES } from './recipe-spec.js';
export { contentKey } from './source-key.js';
export { STAGES_TABLE } from './stage-store.js';
