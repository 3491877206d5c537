// The contract: every method and event the UI (and any other host) uses. Every bridge — Electron IPC,
// HTTP+WebSocket, the in-process engine, the unit-test fake — is declared `satisfies AppApi`, and one
// contract test suite runs against each. Methods are named `domain.verb`.

import type {
  DatasetInfo,
  Detection,
  OpenOverrides,
  Preview,
  RejectsPage,
  RowsFilter,
  RowsPage,
  RowsSort,
  ImportSummary,
} from './datasets.js';
import { EMBED_EVENTS, EMBED_METHODS, type EmbedApi, type EmbedEvents } from './api-embed.js';
import { RECIPE_EVENTS, RECIPE_METHODS, type RecipeApi, type RecipeEvents } from './api-recipe.js';
import { RUNS_EVENTS, RUNS_METHODS, type RunsApi, type RunsEvents } from './api-runs.js';
import { SYNC_EVENTS, SYNC_METHODS, type SyncApi, type SyncEvents } from './api-sync.js';
import type { JobFinished, JobProgress } from './jobs.js';
import type { DatasetProfile } from './profile.js';
import type { Result } from './result.js';
import type { TableSchema } from './schema.js';
import type { FindingsPage, FindingsSummary, RuleName, ValidationResult } from './validation.js';

/** Names a dataset by id (from `datasets.open`). */
export interface DatasetRef {
  datasetId: string;
}

/** The dataset methods: open, preview, profile, schema, validation, findings, jobs. */
export interface DatasetsApi {
  /** Detect encoding and dialect from a sample of the file, with confidences. */
  'datasets.detect'(req: { path: string; overrides?: OpenOverrides }): Promise<Result<Detection>>;
  /**
   * Open a CSV file into a project (a folder with a DuckDB workspace; default: beside the file in `.sluice/`).
   * Returns at once with the detection and a preview; the import runs in the background (job events) unless
   * the project already holds an up-to-date import (then status is 'ready'); a changed source gives 'stale'.
   */
  'datasets.open'(req: {
    path: string;
    projectDir?: string;
    overrides?: OpenOverrides;
    previewRows?: number;
    /** Re-import even when the project holds an up-to-date import. */
    reimport?: boolean;
  }): Promise<Result<DatasetInfo>>;
  /** The current state of an opened dataset. */
  'datasets.get'(req: DatasetRef): Promise<Result<DatasetInfo>>;
  /** Parse the first rows of a file (default 200) without importing it. */
  'datasets.preview'(req: {
    path: string;
    rows?: number;
    overrides?: OpenOverrides;
  }): Promise<Result<Preview>>;
  /** Wait for the dataset's import to finish and return its counts. */
  'datasets.waitForImport'(req: DatasetRef): Promise<Result<ImportSummary>>;
  /**
   * A window of the dataset's rows: by default all of them ordered by source line; `sort` orders by a column
   * (ties by line) and `filters` keep only matching rows (all must hold), computed in the engine over the whole
   * table. An unknown column fails with BAD_USAGE. With `marks`, the page also carries the findings of its rows'
   * cells (`RowsPage.marks`), so the grid marks exactly the rows it shows, however many findings there are.
   */
  'datasets.rows'(
    req: DatasetRef & {
      offset: number;
      limit: number;
      sort?: RowsSort;
      filters?: RowsFilter[];
      marks?: boolean;
    },
  ): Promise<Result<RowsPage>>;
  /** A window of rejected lines, ordered by line. */
  'datasets.rejects'(req: DatasetRef & { offset: number; limit: number }): Promise<Result<RejectsPage>>;
  /** Profile every column (in DuckDB). */
  'profile.get'(req: DatasetRef): Promise<Result<DatasetProfile>>;
  /** Infer a Table Schema from the data. */
  'schema.infer'(req: DatasetRef): Promise<Result<TableSchema>>;
  /** The dataset's current schema (inferred on first use, then as set). */
  'schema.get'(req: DatasetRef): Promise<Result<TableSchema>>;
  /** Replace the dataset's schema; a malformed schema fails with SCHEMA_INVALID naming the field and key. */
  'schema.set'(req: DatasetRef & { schema: unknown }): Promise<Result<TableSchema>>;
  /** Validate every row against the schema; stores the findings. */
  'validation.run'(req: DatasetRef): Promise<Result<ValidationResult>>;
  /** Counts of the last validation per column and rule. */
  'findings.summary'(req: DatasetRef): Promise<Result<FindingsSummary>>;
  /** A page of findings, optionally for one column and/or rule. */
  'findings.page'(
    req: DatasetRef & { column?: string; rule?: RuleName; offset: number; limit: number },
  ): Promise<Result<FindingsPage>>;
  /** Write findings (optionally one column and/or rule) to a CSV file; returns how many were written. */
  'findings.export'(
    req: DatasetRef & { path: string; column?: string; rule?: RuleName },
  ): Promise<Result<{ path: string; rows: number }>>;
  /** Cancel a running job (import, validation…). Cancelling a finished job is not an error. */
  'jobs.cancel'(req: { jobId: string }): Promise<Result<{ cancelled: boolean }>>;
}

/** Every method of the engine, as the UI sees it: one interface per domain (api-*.ts). */
export interface AppApi extends DatasetsApi, RecipeApi, RunsApi, SyncApi, EmbedApi {}

/** The events of long work in general. */
export interface JobEvents {
  /** Progress of long work. */
  'jobs.progress': JobProgress;
  /** A job ended. */
  'jobs.finished': JobFinished;
}

/** Every event the engine emits. */
export interface AppEvents extends JobEvents, RecipeEvents, RunsEvents, SyncEvents, EmbedEvents {}

/** A method name of the contract. */
export type MethodName = keyof AppApi;
/** The request type of a method. */
export type RequestOf<M extends MethodName> = Parameters<AppApi[M]>[0];
/** The success value type of a method. */
export type ValueOf<M extends MethodName> =
  Awaited<ReturnType<AppApi[M]>> extends Result<infer T> ? T : never;
/** An event name of the contract. */
export type EventName = keyof AppEvents;

/** Subscribe to engine events; returns the unsubscribe function. */
export interface AppEventSource {
  on<E extends EventName>(event: E, handler: (payload: AppEvents[E]) => void): () => void;
}

/** What a bridge gives the renderer: the methods plus the events. */
export type AppBridge = AppApi & AppEventSource;

/** The list of method names, for transports that need it at run time. */
export const METHOD_NAMES = [
  ...RECIPE_METHODS,
  ...RUNS_METHODS,
  ...SYNC_METHODS,
  ...EMBED_METHODS,
  'datasets.detect',
  'datasets.open',
  'datasets.get',
  'datasets.preview',
  'datasets.waitForImport',
  'datasets.rows',
  'datasets.rejects',
  'profile.get',
  'schema.infer',
  'schema.get',
  'schema.set',
  'validation.run',
  'findings.summary',
  'findings.page',
  'findings.export',
  'jobs.cancel',
] as const satisfies readonly MethodName[];

/** The list of event names, for transports that need it at run time. */
export const EVENT_NAMES = [
  ...RECIPE_EVENTS,
  ...RUNS_EVENTS,
  ...SYNC_EVENTS,
  ...EMBED_EVENTS,
  'jobs.progress',
  'jobs.finished',
] as const satisfies readonly EventName[];

// Compile-time proof that METHOD_NAMES and EVENT_NAMES list every method and event.
type MissingMethod = Exclude<MethodName, (typeof METHOD_NAMES)[number]>;
const _allMethods: MissingMethod extends never ? true : MissingMethod = true;
void _allMethods;
type MissingEvent = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
const _allEvents: MissingEvent extends never ? true : MissingEvent = true;
void _allEvents;
