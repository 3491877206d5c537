// What every change of a dataset's recipe does after the session moved: point the current view at the new
// stage, forget the profile, re-validate when the dataset was validated (findings exact on the new stage),
// and tell every host.

import { withConnection, type DuckDBConnection } from '../adapters/duckdb.js';
import type { RecipeChange, RecipeView } from '../contract/api-recipe.js';
import { AppError, serializeError } from '../contract/errors.js';
import type { RecipeState, StepResult } from '../contract/recipe.js';
import type { ChangeOptions } from '../recipe/index.js';
import { countRows } from '../recipe/stage-store.js';
import { quoteIdent } from '../sql/quote.js';
import { findingsSummary } from '../validate/index.js';
import { tableExists } from '../validate/table-info.js';
import { getDatasetSchema } from './analysis-service.js';
import type { DatasetState, EngineContext } from './context.js';
import { pointAlias } from './current-table-alias.js';
import { currentColumns, validateStage } from './current-table.js';
import { withRecipeLock, type RecipeEntry } from './recipe-sessions.js';

/** The recipe view of an entry. */
export async function recipeView(conn: DuckDBConnection, entry: RecipeEntry): Promise<RecipeView> {
  return {
    ...entry.session.state,
    results: entry.session.stepResults,
    rows: await countRows(conn, entry.current.table),
    columns: await currentColumns(conn, entry.current),
    ...(entry.warning ? { warning: entry.warning } : {}),
  };
}

async function revalidate(
  ctx: EngineContext,
  s: DatasetState,
  entry: RecipeEntry,
  conn: DuckDBConnection,
): Promise<Pick<RecipeChange, 'findings' | 'validationError'>> {
  const datasetId = s.info.datasetId;
  if (!(await tableExists(conn, `${datasetId}__findings`))) return {};
  try {
    const schema = await getDatasetSchema(ctx, datasetId);
    const job = ctx.jobs.start('validate', datasetId, (signal, progress) =>
      validateStage(conn, datasetId, entry, schema, { signal, onProgress: progress, reuse: true }),
    );
    const { durationMs: _ms, ...findings } = await job.promise;
    return { findings };
  } catch (e) {
    if (e instanceof AppError && e.code === 'CANCELLED') throw e;
    await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(`${datasetId}__findings`)}`);
    return { validationError: serializeError(e) };
  }
}

/** The findings of the last validation, when the stage did not change. */
async function heldFindings(
  conn: DuckDBConnection,
  s: DatasetState,
  entry: RecipeEntry,
): Promise<Pick<RecipeChange, 'findings'>> {
  const datasetId = s.info.datasetId;
  if (!(await tableExists(conn, `${datasetId}__findings`))) return {};
  const rows = await countRows(conn, entry.current.table);
  const rejectedLines = s.info.importSummary?.linesRejected ?? 0;
  return { findings: await findingsSummary(conn, datasetId, { rows, rejectedLines }) };
}

/**
 * Stages no state of the recipe can return to (a discarded redo branch, an old variant of an edited step) are
 * dropped once unused for a while (default 10 minutes; SLUICE_RECIPE_GC_MIN_AGE_MS), so another process on
 * the same project that still shows one keeps it. A failure here never fails the change.
 */
async function collectGarbage(ctx: EngineContext, entry: RecipeEntry): Promise<void> {
  const env = Number(ctx.env.SLUICE_RECIPE_GC_MIN_AGE_MS);
  const minAgeMs = Number.isFinite(env) && env >= 0 ? env : 10 * 60_000;
  try {
    await entry.session.collectGarbage({ keep: [entry.current.table], minAgeMs });
  } catch (e) {
    ctx.log.warn('recipe stage garbage collection failed', { error: String(e) });
  }
}

const step = (state: { step?: StepResult }) => (state.step ? { step: state.step } : {});

/**
 * Runs a change of the dataset's recipe under its lock, then moves the current view, re-validates and emits
 * `recipe.changed`. A change that fails leaves the session, the view and the findings as they were.
 */
export function changeRecipe(
  ctx: EngineContext,
  datasetId: string,
  change: (entry: RecipeEntry, opts: ChangeOptions) => Promise<RecipeState & { step?: StepResult }>,
): Promise<RecipeChange> {
  return withRecipeLock(ctx, datasetId, async (entry, s) => {
    const abort = new AbortController();
    entry.abort = abort;
    const opts: ChangeOptions = {
      signal: abort.signal,
      onProgress: (p) => ctx.events.emit('recipe.progress', { datasetId, ...p }),
    };
    let state: RecipeState & { step?: StepResult };
    try {
      state = await change(entry, opts);
    } finally {
      if (entry.abort === abort) delete entry.abort;
    }
    await collectGarbage(ctx, entry);
    ctx.events.emit('recipe.changed', {
      datasetId,
      cursor: state.cursor,
      steps: state.recipe.steps.length,
      table: state.table,
    });
    return withConnection(s.project.db, async (conn) => {
      // The change was made on purpose: an old warning about the saved recipe no longer applies.
      delete entry.warning;
      // Same stage (a note, a step after the cursor): the view, the profile and the findings still hold.
      if (state.table === entry.current.table)
        return {
          ...(await recipeView(conn, entry)),
          ...step(state),
          ...(await heldFindings(conn, s, entry)),
        };
      entry.current = await pointAlias(conn, datasetId, state.table);
      s.profile = undefined;
      const validation = await revalidate(ctx, s, entry, conn);
      return { ...(await recipeView(conn, entry)), ...step(state), ...validation };
    });
  });
}
