// The parsed form of a `*.sluice.json` pipeline file. The parser (parse.ts) produces it with every default
// filled in and every referenced file (schema, recipe) read, so the runner never touches the file system
// for the pipeline's own definition.

import type { OpenOverrides } from '../contract/datasets.js';
import type { PhaseType } from '../contract/pipeline.js';
import type { Recipe } from '../contract/recipe.js';
import type { TableSchema } from '../contract/schema.js';
import type { ConfigOverrides } from './config.js';

/** When a transient error is retried: `attempts` tries in all, delays growing by `factor` up to `maxDelayMs`. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** 0..1: how much of each delay is randomized (0.5 = between 50% and 100% of it). */
  jitter: number;
}

/** Abort the run when a phase reports more issues than this (findings, or rejected lines at import). */
export interface ErrorBudget {
  maxFindings?: number;
  /** 0..1: share of rows with at least one issue. */
  maxRatio?: number;
}

/** Weekday names of calendar conditions. */
export type Weekday = 'sun' | 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat';

/** A phase condition; every part given must hold. Calendar parts are evaluated at the run's start. */
export interface WhenSpec {
  /** SQL boolean over the phase's input (`stage`), e.g. `(SELECT count(*) FROM stage) > 0`. */
  sql?: string;
  weekdays?: Weekday[];
  /** Five cron fields (minute hour day-of-month month day-of-week): `*`, lists, ranges, steps. */
  cron?: string;
}

/** Where a load phase writes (a branch): a file, or a PostgreSQL table through the sync adapter. */
export interface DestinationSpec {
  name: string;
  type: 'parquet' | 'csv' | 'postgres';
  /** Absolute file path (file destinations). */
  path?: string;
  /** SQL boolean selecting the rows of this branch (default: all). */
  where?: string;
  /** Columns to write, in order (default: all but the bookkeeping columns). */
  columns?: string[];
  /** Also write the bookkeeping columns (`__line`; `__file`, `__file_line` for globs): default false. */
  keepLine: boolean;
  /** Destination-specific settings passed through to the adapter (postgres: table, mode, key, …). */
  options: Record<string, unknown>;
}

/** One phase, defaults filled in. */
export interface PhaseSpec {
  name: string;
  type: PhaseType;
  when?: WhenSpec;
  retry: RetryPolicy;
  errorBudget?: ErrorBudget;
  /** transform / custom: a SELECT over `stage`. */
  sql?: string;
  /** custom: absolute path of a JS module run in a worker. */
  module?: string;
  /** custom: sha256 of the module file when the pipeline was read. */
  moduleHash?: string;
  /** custom module: JSON handed to the module. */
  params?: unknown;
  /** custom module: DuckDB types of columns it adds (others keep their input type, new ones VARCHAR). */
  columns?: Record<string, string>;
  /** map: output column → SQL expression over the input. */
  map?: Record<string, string>;
  /** validate: the schema (the phase's own, else the pipeline's). */
  schema?: TableSchema;
  /** clean / transform: the recipe (the phase's own, else the pipeline's). */
  recipe?: Recipe;
  /** load: the destinations it writes. */
  destinations?: string[];
  /** embed: settings passed through to the embed adapter. */
  options?: Record<string, unknown>;
}

/** The source of the extract phase. */
export interface SourceSpec {
  /** Absolute path of one file, or */
  path?: string;
  /** an absolute glob (`*`, `?`, `**`): every matching file, in path order, becomes one stage. */
  glob?: string;
  dialect?: OpenOverrides;
}

/** A parsed pipeline. */
export interface PipelineSpec {
  version: 1;
  name: string;
  source?: SourceSpec;
  schema?: TableSchema;
  recipe?: Recipe;
  errorBudget?: ErrorBudget;
  destinations: DestinationSpec[];
  phases: PhaseSpec[];
  config: ConfigOverrides;
  /** IANA time zone for calendar conditions (default: the machine's). */
  timezone?: string;
}

/** A pipeline ready to run, with where it came from and its hashes. */
export interface LoadedPipeline {
  spec: PipelineSpec;
  /** The pipeline file (absolute), when parsed from one. */
  file?: string;
  /** Relative paths in the file resolve against this folder. */
  baseDir: string;
  /** sha256 of the file's text. */
  fileHash: string;
  /** sha256 of the resolved spec (file + referenced schema and recipe). */
  specHash: string;
}
