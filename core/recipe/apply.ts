// Applying a recipe: each enabled step becomes (or reuses) an immutable stage `<id>__stage_<depth>_<key>`;
// the input table is never changed. Cached stages make re-applying a prefix free.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import type { Operation, Recipe, RecipeRunResult, StepResult } from '../contract/recipe.js';
import { checkRecipe } from './check.js';
import { compileOp } from './compile.js';
import { recipeEnv, stepContext } from './context.js';
import { contentKey } from './source-key.js';
import { materialiseStage } from './stage-sql.js';
import {
  countRows,
  ensureStageTable,
  findStage,
  stageKey,
  stageTableName,
  touchStage,
} from './stage-store.js';

/** Progress of a recipe application. */
export interface RecipeProgress {
  index: number;
  total: number;
  stepId: string;
  op: Operation['op'];
  state: 'skipped' | 'cached' | 'running' | 'done';
  /** Fraction of the current step done (0..1), while running. */
  fraction?: number;
}

/** Options of applyRecipe. */
export interface ApplyOptions {
  /** Table the recipe starts from (unquoted); default `<id>__source`. */
  input?: string;
  /** Identity of the input's content for the stage cache (default: a hash of the table, one scan). */
  sourceKey?: string;
  /** Recompute steps from this index on even when a cached stage exists (default: use every cached stage). */
  fromStage?: number;
  /** Apply only the steps before this index (default: all). */
  upTo?: number;
  signal?: AbortSignal;
  onProgress?: (p: RecipeProgress) => void;
  /** Secrets by name (hash salts); they never reach the recipe or the stage records. */
  secrets?: Record<string, string>;
}

const cancelled = () => new AppError('CANCELLED', 'Cancelled by the user.', {});

/**
 * Applies the recipe's enabled steps in order and returns the final table and what each step did.
 * The connection must not be inside a transaction (each stage commits on its own).
 */
export async function applyRecipe(
  conn: DuckDBConnection,
  datasetId: string,
  recipe: Recipe,
  opts: ApplyOptions = {},
): Promise<RecipeRunResult> {
  const t0 = performance.now();
  const input = opts.input ?? `${datasetId}__source`;
  const secrets = opts.secrets ?? {};
  const env = await recipeEnv(conn, datasetId, secrets);
  await ensureStageTable(conn);
  const sourceKey = opts.sourceKey ?? (await contentKey(conn, input));
  const end = Math.min(opts.upTo ?? recipe.steps.length, recipe.steps.length);
  const rowsIn = await countRows(conn, input);
  const total = end;
  const results: StepResult[] = [];
  const ops: Operation[] = [];
  let current = input;
  let rows = rowsIn;
  let checkedFrom = -1;
  for (let i = 0; i < end; i++) {
    if (opts.signal?.aborted) throw cancelled();
    const step = recipe.steps[i];
    if (!step) continue;
    const progress = (state: RecipeProgress['state'], fraction?: number) =>
      opts.onProgress?.({ index: i, total, stepId: step.id, op: step.op.op, state, fraction });
    if (!step.enabled) {
      results.push({
        stepId: step.id,
        index: i,
        op: step.op.op,
        enabled: false,
        cached: false,
        table: current,
        rowsIn: rows,
        rowsOut: rows,
        rowsChanged: 0,
        ms: 0,
      });
      progress('skipped');
      continue;
    }
    ops.push(step.op);
    const table = stageTableName(datasetId, ops.length, stageKey(sourceKey, ops, secrets));
    const cached = opts.fromStage !== undefined && i >= opts.fromStage ? null : await findStage(conn, table);
    if (cached) {
      await touchStage(conn, table);
      results.push({
        stepId: step.id,
        index: i,
        op: step.op.op,
        enabled: true,
        cached: true,
        table,
        rowsIn: cached.rowsIn,
        rowsOut: cached.rowsOut,
        rowsChanged: cached.rowsChanged,
        ms: cached.ms,
      });
      progress('cached');
      current = table;
      rows = cached.rowsOut;
      continue;
    }
    // The first step that needs work checks the rest of the recipe on empty tables before any of it runs.
    if (checkedFrom < 0) {
      await checkRecipe(conn, env, current, recipe, { from: i, upTo: end });
      checkedFrom = i;
    }
    progress('running', 0);
    const ctx = await stepContext(conn, env, current, step, i);
    const compiled = await compileOp(conn, ctx, step.op);
    const rec = await materialiseStage(
      conn,
      ctx,
      compiled,
      {
        table,
        datasetId,
        sourceKey,
        depth: ops.length,
        parent: current,
        stepId: step.id,
        op: step.op.op,
        rowsIn: rows,
      },
      { signal: opts.signal, onFraction: (f) => progress('running', f) },
    );
    results.push({
      stepId: step.id,
      index: i,
      op: step.op.op,
      enabled: true,
      cached: false,
      table,
      rowsIn: rows,
      rowsOut: rec.rowsOut,
      rowsChanged: rec.rowsChanged,
      ms: rec.ms,
    });
    progress('done', 1);
    current = table;
    rows = rec.rowsOut;
  }
  return { table: current, steps: results, rowsIn, rowsOut: rows, ms: performance.now() - t0 };
}
