// The contract's methods and events for recipes (recipe.*), suggestions, clusters and PII (core/recipe, core/suggest, core/cluster).
// api.ts joins every domain's interface into AppApi/AppEvents and its names into METHOD_NAMES/EVENT_NAMES.
//
// Every change of a dataset's recipe moves the dataset's current view (datasets.rows, profile.get,
// validation.run, findings.*) to the recipe's stage at the cursor; when the dataset was validated before, the
// change re-validates the new stage so findings are exact, and returns their summary.

import type { AppErrorData } from './errors.js';
import type {
  ClusterMethod,
  Operation,
  OpPreview,
  PiiColumn,
  Recipe,
  RecipeState,
  StepResult,
  Suggestion,
  ValueCluster,
} from './recipe.js';
import type { Result } from './result.js';
import type { FindingsSummary, RuleName } from './validation.js';

/** Names a dataset by id (as DatasetRef in api.ts; repeated so this file stands alone). */
interface Ref {
  datasetId: string;
}

/** The working recipe of a dataset as the UI shows it: the state plus what each applied step did. */
export interface RecipeView extends RecipeState {
  /** One result per step before the cursor (disabled steps too): rows in/out/changed, timing, cache. */
  results: StepResult[];
  /** Rows in the current stage. */
  rows: number;
  /** Columns of the current stage, in order (without `__line`). */
  columns: string[];
  /**
   * Set when the saved recipe no longer applies to the data (e.g. a re-import lost a column): the cursor was
   * moved before the failing step, which stays in the redo branch so it can be edited, disabled or removed.
   */
  warning?: AppErrorData;
}

/** What a change of the recipe did. */
export interface RecipeChange extends RecipeView {
  /** The step just applied (recipe.apply only). */
  step?: StepResult;
  /** Findings recomputed on the new stage, when the dataset had been validated. */
  findings?: FindingsSummary;
  /**
   * Why re-validating the new stage failed (e.g. the schema names a column a step dropped); the findings of
   * the previous stage were removed, as they no longer describe the data.
   */
  validationError?: AppErrorData;
}

/** Progress of recomputing recipe steps (only steps that are not cached take time). */
export interface RecipeProgressEvent {
  datasetId: string;
  index: number;
  total: number;
  stepId: string;
  op: Operation['op'];
  state: 'skipped' | 'cached' | 'running' | 'done';
  /** 0..1 of the running step. */
  fraction?: number;
}

/** Methods of this domain. */
export interface RecipeApi {
  /** The dataset's working recipe (restored from the project), cursor and current stage. */
  'recipe.get'(req: Ref): Promise<Result<RecipeView>>;
  /**
   * Appends an operation at the cursor and applies it (a grid edit is an `editCell` operation). After an undo,
   * CONFLICT (details.redoSteps) unless `confirmDropRedo`: the UI warns that the redo branch goes.
   */
  'recipe.apply'(
    req: Ref & { op: Operation; confirmDropRedo?: boolean; note?: string },
  ): Promise<Result<RecipeChange>>;
  /** Moves the cursor one step back (instant: cached stage). CONFLICT when there is nothing to undo. */
  'recipe.undo'(req: Ref): Promise<Result<RecipeChange>>;
  /** Moves the cursor one step forward (instant: cached stage). CONFLICT when there is nothing to redo. */
  'recipe.redo'(req: Ref): Promise<Result<RecipeChange>>;
  /** Enables or disables a step; later steps are recomputed from the nearest cached stage. */
  'recipe.setEnabled'(req: Ref & { stepId: string; enabled: boolean }): Promise<Result<RecipeChange>>;
  /** Replaces a step's operation and/or note (the operation dialogs edit a step this way). */
  'recipe.update'(
    req: Ref & { stepId: string; op?: Operation; note?: string },
  ): Promise<Result<RecipeChange>>;
  /** Removes a step. */
  'recipe.remove'(req: Ref & { stepId: string }): Promise<Result<RecipeChange>>;
  /**
   * Cancels the recipe change in progress (the steps being recomputed), if any: that change fails with
   * CANCELLED and the recipe, the view and the findings stay as they were. A re-validation that follows a
   * change is a job: cancel it with jobs.cancel.
   */
  'recipe.cancel'(req: Ref): Promise<Result<{ cancelled: boolean }>>;
  /** Before/after of an operation on sample rows of the current stage (default 50), changed rows first. */
  'recipe.preview'(req: Ref & { op: Operation; rows?: number }): Promise<Result<OpPreview>>;
  /** Writes the applied steps as a recipe JSON file (no secrets). */
  'recipe.export'(
    req: Ref & { path: string; name?: string },
  ): Promise<Result<{ path: string; steps: number; recipe: Recipe }>>;
  /**
   * Replaces the working recipe with a recipe JSON file and applies it; CONFLICT when the current recipe has
   * steps, unless `confirmReplace`. A step needing a missing column fails with RECIPE_COLUMN_MISSING.
   */
  'recipe.import'(req: Ref & { path: string; confirmReplace?: boolean }): Promise<Result<RecipeChange>>;
  /**
   * Writes the current stage (without `__line`, in source line order) to a CSV (with header) or Parquet file;
   * the format follows `format`, else the extension (`.parquet` → Parquet, anything else CSV).
   */
  'recipe.writeData'(
    req: Ref & { path: string; format?: 'csv' | 'parquet' },
  ): Promise<Result<{ path: string; format: 'csv' | 'parquet'; rows: number }>>;
  /** Sets the secrets (hash salts) by name for this engine's lifetime; never stored, never exported. */
  'recipe.setSecrets'(req: Ref & { secrets: Record<string, string> }): Promise<Result<{ names: string[] }>>;
  /** The recipe JSON Schema (draft 2020-12): every operation and its fields, for the operation dialogs. */
  'recipe.jsonSchema'(req: Record<string, never>): Promise<Result<Record<string, unknown>>>;
  /**
   * Concrete fixes per findings group of the last validation (largest group first, or only the given
   * column and/or rule), each with its effect measured on the whole current stage. NOT_FOUND when not validated.
   */
  'suggestions.list'(
    req: Ref & { column?: string; rule?: RuleName; maxPerGroup?: number },
  ): Promise<Result<Suggestion[]>>;
  /** Clusters of similar values in a column of the current stage (accept them as a `mapValues` operation). */
  'clusters.find'(
    req: Ref & { column: string; method?: ClusterMethod; n?: number; limit?: number },
  ): Promise<Result<ValueCluster[]>>;
  /** Text columns of the current stage that look like e-mails, phone numbers or IBANs, with privacy operations. */
  'pii.detect'(req: Ref & { columns?: string[]; minShare?: number }): Promise<Result<PiiColumn[]>>;
}

/** Events of this domain. */
export interface RecipeEvents {
  /** Steps being recomputed (apply, enable, import…). */
  'recipe.progress': RecipeProgressEvent;
  /** A dataset's recipe or cursor changed (any host may have made the change). */
  'recipe.changed': { datasetId: string; cursor: number; steps: number; table: string };
}

/** The method names of this domain, at run time. */
export const RECIPE_METHODS = [
  'recipe.get',
  'recipe.apply',
  'recipe.undo',
  'recipe.redo',
  'recipe.setEnabled',
  'recipe.update',
  'recipe.remove',
  'recipe.cancel',
  'recipe.preview',
  'recipe.export',
  'recipe.import',
  'recipe.writeData',
  'recipe.setSecrets',
  'recipe.jsonSchema',
  'suggestions.list',
  'clusters.find',
  'pii.detect',
] as const satisfies readonly (keyof RecipeApi)[];

/** The event names of this domain, at run time. */
export const RECIPE_EVENTS = [
  'recipe.progress',
  'recipe.changed',
] as const satisfies readonly (keyof RecipeEvents)[];
