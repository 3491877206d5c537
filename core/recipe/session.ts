// The working recipe of one dataset with undo and redo. Undo and redo move a cursor over the steps; the data
// at any cursor is a cached stage, so both are instant. Applying a new operation after an undo discards the
// redo branch, which the caller must confirm (CONFLICT otherwise) so the UI can warn first.

import { randomUUID } from 'node:crypto';
import type { DuckDBConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import {
  RECIPE_FORMAT_VERSION,
  type Operation,
  type Recipe,
  type RecipeState,
  type StepResult,
} from '../contract/recipe.js';
import { applyRecipe, planStages, type FindingsSource, type RecipeProgress } from './apply.js';
import { collectStageGarbage } from './gc.js';
import { parseOperation, parseRecipe } from './parse-recipe.js';
import { loadSession, saveSession, type SavedSession } from './session-store.js';
import { contentKey } from './source-key.js';
import { tableColumns } from './stage-store.js';

/** Where a session gets its connections (a DuckDbHandle fits). */
export interface ConnectionSource {
  connect(): Promise<DuckDBConnection>;
}

/** Options of RecipeSession.open. */
export interface SessionOptions {
  /** Table the recipe starts from (unquoted); default `<id>__source`. */
  input?: string;
  /** Identity of the input's content (default: a hash of the table, computed once at open). */
  sourceKey?: string;
  /** Salts for hash steps; kept in memory only. */
  secrets?: Record<string, string>;
  /** Start from this recipe (all steps applied) instead of the saved one. */
  recipe?: Recipe;
  /**
   * Open with the cursor at most here, without saving it: a saved recipe whose step no longer applies (a
   * re-import lost a column, a hash salt not given yet) still opens, and nothing is lost until the next change.
   */
  maxCursor?: number;
  /** Where steps that read findings find those of their own input (ApplyOptions.findings), read at each change. */
  findings?: () => Promise<FindingsSource | undefined>;
}

/** Options of a change that recomputes data. */
export interface ChangeOptions {
  signal?: AbortSignal;
  onProgress?: (p: RecipeProgress) => void;
}

const emptyRecipe = (): Recipe => ({ format: 'sluice-recipe', version: RECIPE_FORMAT_VERSION, steps: [] });

/** The working recipe of a dataset, with undo/redo over cached stages. Calls are serialised. */
export class RecipeSession {
  private queue: Promise<unknown> = Promise.resolve();
  private saved: SavedSession;
  private table: string;
  private results: StepResult[];
  /** The findings key of the last application (stage names depend on it). */
  private findingsKey?: string;

  private constructor(
    private readonly db: ConnectionSource,
    readonly datasetId: string,
    private readonly input: string,
    private readonly sourceKey: string,
    private secrets: Record<string, string>,
    start: { saved: SavedSession; table: string; results: StepResult[]; findingsKey?: string },
    private readonly findings?: () => Promise<FindingsSource | undefined>,
  ) {
    this.findingsKey = start.findingsKey;
    this.saved = start.saved;
    this.table = start.table;
    this.results = start.results;
  }

  /** Opens the dataset's working recipe (the saved one, or `opts.recipe`) and materialises its current stage. */
  static async open(
    db: ConnectionSource,
    datasetId: string,
    opts: SessionOptions = {},
  ): Promise<RecipeSession> {
    const input = opts.input ?? `${datasetId}__source`;
    const conn = await db.connect();
    try {
      const sourceKey = opts.sourceKey ?? (await contentKey(conn, input));
      const given = opts.recipe ? parseRecipe(opts.recipe) : undefined;
      const loaded: SavedSession = given
        ? { recipe: given, cursor: given.steps.length }
        : ((await loadSession(conn, datasetId)) ?? { recipe: emptyRecipe(), cursor: 0 });
      const saved: SavedSession =
        opts.maxCursor === undefined
          ? loaded
          : { ...loaded, cursor: Math.max(0, Math.min(loaded.cursor, opts.maxCursor)) };
      const findings = await opts.findings?.();
      const run = await applyRecipe(conn, datasetId, saved.recipe, {
        input,
        sourceKey,
        upTo: saved.cursor,
        secrets: opts.secrets,
        findings,
      });
      if (opts.recipe) await saveSession(conn, datasetId, saved);
      return new RecipeSession(
        db,
        datasetId,
        input,
        sourceKey,
        { ...opts.secrets },
        { saved, table: run.table, results: run.steps, findingsKey: findings?.key },
        opts.findings,
      );
    } finally {
      conn.closeSync();
    }
  }

  /** The recipe, cursor and current table, as the UI shows them. */
  get state(): RecipeState {
    const { recipe, cursor } = this.saved;
    return {
      datasetId: this.datasetId,
      recipe: structuredClone(recipe),
      cursor,
      table: this.table,
      canUndo: cursor > 0,
      canRedo: cursor < recipe.steps.length,
      redoSteps: recipe.steps.length - cursor,
    };
  }

  /** What each applied step did (steps before the cursor). */
  get stepResults(): StepResult[] {
    return this.results.map((r) => ({ ...r }));
  }

  /** Replaces the in-memory secrets (hash salts). */
  setSecrets(secrets: Record<string, string>): void {
    this.secrets = { ...secrets };
  }

  /**
   * Appends an operation after the cursor and applies it. When steps after the cursor exist (after an undo),
   * they are discarded only with `confirmDiscardRedo`; otherwise CONFLICT (details.redoSteps says how many).
   */
  apply(
    op: Operation,
    opts: ChangeOptions & { confirmDiscardRedo?: boolean; note?: string } = {},
  ): Promise<RecipeState & { step: StepResult }> {
    return this.serial(async (conn) => {
      parseOperation(op);
      const { recipe, cursor } = this.saved;
      const redoSteps = recipe.steps.length - cursor;
      if (redoSteps > 0 && !opts.confirmDiscardRedo)
        throw new AppError(
          'CONFLICT',
          `Applying a new operation discards ${redoSteps} step(s) you could redo.`,
          {
            redoSteps,
            hint: 'Confirm to discard them (confirmDiscardRedo), or redo first.',
          },
        );
      const step = {
        id: randomUUID(),
        op: structuredClone(op),
        enabled: true,
        ...(opts.note ? { note: opts.note } : {}),
      };
      const steps = [...recipe.steps.slice(0, cursor), step];
      await this.move(conn, { recipe: { ...recipe, steps }, cursor: steps.length }, opts);
      const result = this.results[this.results.length - 1] as StepResult;
      return { ...this.state, step: { ...result } };
    });
  }

  /** Moves the cursor one step back (instant: the previous stage is cached). CONFLICT when nothing to undo. */
  undo(opts: ChangeOptions = {}): Promise<RecipeState> {
    return this.serial(async (conn) => {
      if (this.saved.cursor === 0) throw new AppError('CONFLICT', 'Nothing to undo.', {});
      await this.move(conn, { ...this.saved, cursor: this.saved.cursor - 1 }, opts);
      return this.state;
    });
  }

  /** Moves the cursor one step forward (instant: the next stage is cached). CONFLICT when nothing to redo. */
  redo(opts: ChangeOptions = {}): Promise<RecipeState> {
    return this.serial(async (conn) => {
      if (this.saved.cursor >= this.saved.recipe.steps.length)
        throw new AppError('CONFLICT', 'Nothing to redo.', {});
      await this.move(conn, { ...this.saved, cursor: this.saved.cursor + 1 }, opts);
      return this.state;
    });
  }

  /** Enables or disables a step; later steps are recomputed from the nearest cached stage. */
  setEnabled(stepId: string, enabled: boolean, opts: ChangeOptions = {}): Promise<RecipeState> {
    return this.editStep(stepId, (s) => ({ ...s, enabled }), opts);
  }

  /** Replaces a step's operation and/or note. */
  updateStep(
    stepId: string,
    patch: { op?: Operation; note?: string },
    opts: ChangeOptions = {},
  ): Promise<RecipeState> {
    if (patch.op) parseOperation(patch.op);
    return this.editStep(
      stepId,
      (s) => ({
        ...s,
        ...(patch.op ? { op: structuredClone(patch.op) } : {}),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
      }),
      opts,
    );
  }

  /** Removes a step (the cursor keeps pointing after the same steps). */
  removeStep(stepId: string, opts: ChangeOptions = {}): Promise<RecipeState> {
    return this.serial(async (conn) => {
      const { recipe, cursor } = this.saved;
      const i = this.indexOf(stepId);
      const steps = recipe.steps.filter((s) => s.id !== stepId);
      await this.move(conn, { recipe: { ...recipe, steps }, cursor: i < cursor ? cursor - 1 : cursor }, opts);
      return this.state;
    });
  }

  /** Replaces the working recipe (an import); CONFLICT when it has steps, unless confirmed. */
  load(recipe: Recipe, opts: ChangeOptions & { confirmReplace?: boolean } = {}): Promise<RecipeState> {
    return this.serial(async (conn) => {
      if (this.saved.recipe.steps.length > 0 && !opts.confirmReplace)
        throw new AppError(
          'CONFLICT',
          `Loading a recipe replaces the ${this.saved.recipe.steps.length} current step(s).`,
          {
            hint: 'Confirm to replace them (confirmReplace).',
          },
        );
      const parsed = parseRecipe(recipe);
      await this.move(conn, { recipe: parsed, cursor: parsed.steps.length }, opts);
      return this.state;
    });
  }

  /** The applied steps (before the cursor) as a recipe file, with the input's columns for reference. */
  exportRecipe(name?: string): Promise<Recipe> {
    return this.serial(async (conn) => {
      const columns = (await tableColumns(conn, this.input)).map((c) => c.name);
      const steps = structuredClone(this.saved.recipe.steps.slice(0, this.saved.cursor));
      return {
        format: 'sluice-recipe',
        version: RECIPE_FORMAT_VERSION,
        ...(name ? { name } : {}),
        columns,
        steps,
      };
    });
  }

  /** Stage tables the session can return to (every prefix, redo branch included). */
  referencedTables(): string[] {
    const { recipe } = this.saved;
    return planStages(
      this.datasetId,
      this.sourceKey,
      recipe.steps,
      recipe.steps.length,
      this.secrets,
      this.findingsKey,
    ).flatMap((p) => (p.table ? [p.table] : []));
  }

  /** Drops this dataset's stages the session does not reference (plus `keep`); returns the dropped names. */
  collectGarbage(opts: { keep?: Iterable<string>; minAgeMs?: number } = {}): Promise<string[]> {
    return this.serial((conn) =>
      collectStageGarbage(conn, this.datasetId, {
        keep: [...this.referencedTables(), ...(opts.keep ?? [])],
        minAgeMs: opts.minAgeMs,
      }),
    );
  }

  private indexOf(stepId: string): number {
    const i = this.saved.recipe.steps.findIndex((s) => s.id === stepId);
    if (i < 0) throw new AppError('NOT_FOUND', `No step '${stepId}' in the recipe.`, {});
    return i;
  }

  private editStep(
    stepId: string,
    change: (s: Recipe['steps'][number]) => Recipe['steps'][number],
    opts: ChangeOptions,
  ): Promise<RecipeState> {
    return this.serial(async (conn) => {
      const i = this.indexOf(stepId);
      const steps = this.saved.recipe.steps.map((s, k) => (k === i ? change(s) : s));
      await this.move(conn, { ...this.saved, recipe: { ...this.saved.recipe, steps } }, opts);
      return this.state;
    });
  }

  /** Applies the next state; only when that succeeds does it become the session's (and is saved). */
  private async move(conn: DuckDBConnection, next: SavedSession, opts: ChangeOptions): Promise<void> {
    const findings = await this.findings?.();
    const run = await applyRecipe(conn, this.datasetId, next.recipe, {
      input: this.input,
      sourceKey: this.sourceKey,
      upTo: next.cursor,
      secrets: this.secrets,
      signal: opts.signal,
      onProgress: opts.onProgress,
      findings,
    });
    await saveSession(conn, this.datasetId, next);
    this.findingsKey = findings?.key;
    this.saved = next;
    this.table = run.table;
    this.results = run.steps;
  }

  private serial<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      const conn = await this.db.connect();
      try {
        return await fn(conn);
      } finally {
        conn.closeSync();
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
