// Applying a recipe: each enabled step becomes (or reuses) an immutable stage `<id>__stage_<depth>_<key>`;
// the input table is never changed. Stage names are known before anything runs, so the cache is looked up for
// the whole recipe in one query and a fully cached recipe (undo, redo) costs a handful of catalog reads.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import type { Operation, Recipe, RecipeRunResult, RecipeStep, StepResult } from '../contract/recipe.js';
import { checkRecipe } from './check.js';
import { compileOp } from './compile.js';
import { recipeEnv, stepContext } from './context.js';
import { contentKey } from './source-key.js';
import { usesFindings } from './uses-findings.js';
import { quoteIdent } from '../sql/quote.js';
import { materialiseStage } from './stage-sql.js';
import {
  countRows,
  ensureStageTable,
  findStages,
  stageKey,
  stageTableName,
  touchStages,
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
  /**
   * Where a step that reads findings finds those of its own input (default: the dataset's `<id>__findings`,
   * i.e. whatever validation ran last). With it, recomputing a step after an earlier one changed gives the
   * same result as applying it at the time.
   */
  findings?: FindingsSource;
}

/** The findings of any stage, for steps that read findings. */
export interface FindingsSource {
  /** Identity of what decides the findings (e.g. a digest of the schema); part of those steps' stage keys. */
  key: string;
  /** The findings table (unquoted) of `input`, validating it if need be; undefined for the default. */
  tableFor(conn: DuckDBConnection, input: string): Promise<string | undefined>;
}

interface PlannedStep {
  step: RecipeStep;
  index: number;
  /** Stage table of an enabled step. */
  table?: string;
  depth: number;
}

/** The stage table each enabled step (before `end`) produces. */
export function planStages(
  datasetId: string,
  sourceKey: string,
  steps: readonly RecipeStep[],
  end: number,
  secrets: Readonly<Record<string, string>>,
  findingsKey?: string,
): PlannedStep[] {
  const ops: Operation[] = [];
  return steps.slice(0, end).map((step, index) => {
    if (!step.enabled) return { step, index, depth: ops.length };
    ops.push(step.op);
    return {
      step,
      index,
      depth: ops.length,
      table: stageTableName(datasetId, ops.length, stageKey(sourceKey, ops, secrets, findingsKey)),
    };
  });
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
  const plan = planStages(datasetId, sourceKey, recipe.steps, end, secrets, opts.findings?.key);
  const cache = await findStages(
    conn,
    plan.flatMap((p) => (p.table ? [p.table] : [])),
  );
  const rowsIn = await countRows(conn, input);
  const results: StepResult[] = [];
  const used: string[] = [];
  let current = input;
  let rows = rowsIn;
  let checked = false;
  for (const { step, index, table, depth } of plan) {
    if (opts.signal?.aborted) throw cancelled();
    const base = { stepId: step.id, index, op: step.op.op };
    const progress = (state: RecipeProgress['state'], fraction?: number) =>
      opts.onProgress?.({ ...base, total: end, state, fraction });
    if (!table) {
      results.push({
        ...base,
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
    const hit = opts.fromStage !== undefined && index >= opts.fromStage ? undefined : cache.get(table);
    if (hit) {
      used.push(table);
      results.push({
        ...base,
        enabled: true,
        cached: true,
        table,
        rowsIn: hit.rowsIn,
        rowsOut: hit.rowsOut,
        rowsChanged: hit.rowsChanged,
        ms: hit.ms,
      });
      progress('cached');
      current = table;
      rows = hit.rowsOut;
      continue;
    }
    // The first step that needs work checks the rest of the recipe on empty tables before any of it runs.
    if (!checked) {
      await checkRecipe(conn, env, current, recipe, { from: index, upTo: end });
      checked = true;
    }
    progress('running', 0);
    const own =
      opts.findings && usesFindings(step.op) ? await opts.findings.tableFor(conn, current) : undefined;
    const stepEnv = own ? { ...env, findings: quoteIdent(own), hasFindings: true } : env;
    const ctx = await stepContext(conn, stepEnv, current, step, index);
    const compiled = await compileOp(conn, ctx, step.op);
    const rec = await materialiseStage(
      conn,
      ctx,
      compiled,
      { table, datasetId, sourceKey, depth, parent: current, stepId: step.id, op: step.op.op, rowsIn: rows },
      { signal: opts.signal, onFraction: (f) => progress('running', f) },
    );
    results.push({
      ...base,
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
  await touchStages(conn, used);
  return { table: current, steps: results, rowsIn, rowsOut: rows, ms: performance.now() - t0 };
}
