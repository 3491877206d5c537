// The engine's implementation of the RecipeApi part of the contract (core/contract/api-recipe.ts): the
// working recipe of each opened dataset (undo/redo over cached stages), previews, suggestions, clusters, PII.

import { withConnection, type DuckDBConnection } from '../adapters/duckdb.js';
import type { RecipeApi } from '../contract/api-recipe.js';
import { serializeError } from '../contract/errors.js';
import { ok, type Result } from '../contract/result.js';
import { clusterColumn } from '../cluster/index.js';
import { previewOp, recipeJsonSchema } from '../recipe/index.js';
import { detectPii } from '../suggest/index.js';
import { readyDataset, type EngineContext } from './context.js';
import { changeRecipe, recipeView } from './recipe-change.js';
import { readRecipeFile, writeRecipeFile } from './recipe-file.js';
import { writeCurrentData } from './recipe-output.js';
import { recipeEntry, setRecipeSecrets } from './recipe-sessions.js';
import { listSuggestions } from './recipe-suggest.js';

async function result<T>(work: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

/** The recipe methods, over the engine's shared context. */
export function recipeMethods(ctx: EngineContext): RecipeApi {
  /** Runs `fn` on a connection to the dataset's project with its current stage. */
  const onCurrent = async <T>(
    datasetId: string,
    fn: (c: DuckDBConnection, table: string) => Promise<T>,
  ): Promise<T> => {
    const s = await readyDataset(ctx, datasetId);
    const entry = await recipeEntry(ctx, datasetId);
    return withConnection(s.project.db, (c) => fn(c, entry.current.table));
  };

  return {
    'recipe.get': (req) =>
      result(async () => {
        const s = await readyDataset(ctx, req.datasetId);
        const entry = await recipeEntry(ctx, req.datasetId);
        return withConnection(s.project.db, (c) => recipeView(c, entry));
      }),
    'recipe.apply': (req) =>
      result(() =>
        changeRecipe(ctx, req.datasetId, (e, opts) =>
          e.session.apply(req.op, { ...opts, confirmDiscardRedo: req.confirmDropRedo, note: req.note }),
        ),
      ),
    'recipe.undo': (req) => result(() => changeRecipe(ctx, req.datasetId, (e, o) => e.session.undo(o))),
    'recipe.redo': (req) => result(() => changeRecipe(ctx, req.datasetId, (e, o) => e.session.redo(o))),
    'recipe.setEnabled': (req) =>
      result(() =>
        changeRecipe(ctx, req.datasetId, (e, o) => e.session.setEnabled(req.stepId, req.enabled, o)),
      ),
    'recipe.update': (req) =>
      result(() =>
        changeRecipe(ctx, req.datasetId, (e, o) =>
          e.session.updateStep(req.stepId, { op: req.op, note: req.note }, o),
        ),
      ),
    'recipe.remove': (req) =>
      result(() => changeRecipe(ctx, req.datasetId, (e, o) => e.session.removeStep(req.stepId, o))),
    'recipe.cancel': (req) =>
      result(async () => {
        const entry = await recipeEntry(ctx, req.datasetId);
        const abort = entry.abort;
        abort?.abort();
        return { cancelled: abort !== undefined };
      }),
    'recipe.preview': (req) =>
      result(async () => {
        const entry = await recipeEntry(ctx, req.datasetId);
        return onCurrent(req.datasetId, (c, table) =>
          previewOp(c, req.datasetId, table, req.op, { limit: req.rows, secrets: entry.secrets }),
        );
      }),
    'recipe.export': (req) =>
      result(async () => {
        const entry = await recipeEntry(ctx, req.datasetId);
        const recipe = await entry.session.exportRecipe(req.name);
        const path = await writeRecipeFile(req.path, recipe);
        return { path, steps: recipe.steps.length, recipe };
      }),
    'recipe.import': (req) =>
      result(async () => {
        const recipe = await readRecipeFile(req.path);
        return changeRecipe(ctx, req.datasetId, (e, o) =>
          e.session.load(recipe, { ...o, confirmReplace: req.confirmReplace }),
        );
      }),
    'recipe.writeData': (req) => result(() => writeCurrentData(ctx, req)),
    'recipe.setSecrets': (req) =>
      result(async () => {
        const entry = await setRecipeSecrets(ctx, req.datasetId, req.secrets);
        return { names: Object.keys(entry.secrets).sort() };
      }),
    'recipe.jsonSchema': () => result(() => recipeJsonSchema() as Record<string, unknown>),
    'suggestions.list': (req) => result(() => listSuggestions(ctx, req)),
    'clusters.find': (req) =>
      result(() =>
        onCurrent(req.datasetId, (c, table) =>
          clusterColumn(c, table, req.column, { method: req.method, n: req.n, limit: req.limit }),
        ),
      ),
    'pii.detect': (req) =>
      result(() =>
        onCurrent(req.datasetId, (c, table) =>
          detectPii(c, table, { columns: req.columns, minShare: req.minShare }),
        ),
      ),
  } satisfies RecipeApi;
}
