// What the engine's services share: injected dependencies, open projects, opened datasets, jobs, events.

import type { DuckDbOptions } from '../adapters/duckdb.js';
import type { DatasetInfo, ImportSummary } from '../contract/datasets.js';
import { AppError } from '../contract/errors.js';
import type { DatasetProfile } from '../contract/profile.js';
import type { TableSchema } from '../contract/schema.js';
import type { HeavyLanes } from './heavy-lane.js';
import type { TaskPool } from '../pipeline/task-pool.js';
import type { Project, OpenDb } from '../project/project.js';
import type { EventHub } from './events.js';
import type { Job, JobRunner } from './jobs.js';
import type { SyncDeps } from './sync-deps.js';

/** Structured logging; the host decides where it goes. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** The engine's dependencies (ARCHITECTURE §1: core receives them, never constructs native things). */
export interface EngineDeps {
  /** Opens a DuckDB database file (core/adapters/duckdb.ts `openDuckDb`). */
  openDb: OpenDb;
  duckdb?: DuckDbOptions;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
  log?: Logger;
  /** The worker pool of pipeline runs, built on first use (hosts: hostDeps({ createPool })); default in-process. */
  pool?: () => TaskPool;
  /** PostgreSQL for sync: saved connections, $DATABASE_URL, the sandbox (hosts: hostDeps; see sync-deps.ts). */
  sync?: SyncDeps;
  /** Releases what the host built for the engine (worker pool, sandbox database…); called by close(). */
  dispose?: () => Promise<void>;
}

/** An opened dataset and its background work. */
export interface DatasetState {
  project: Project;
  info: DatasetInfo;
  importJob?: Job<ImportSummary>;
  profile?: DatasetProfile;
  /** The profile being computed, and of which stage table: callers asking at once share it. */
  profiling?: { table: string; promise: Promise<DatasetProfile> };
  /** The first schema being inferred and stored: concurrent schema.get calls share it (one write). */
  inferringSchema?: Promise<TableSchema>;
}

/** Shared state of one engine instance. */
export interface EngineContext {
  deps: EngineDeps;
  env: NodeJS.ProcessEnv;
  log: Logger;
  events: EventHub;
  jobs: JobRunner;
  projects: Map<string, Promise<Project>>;
  datasets: Map<string, DatasetState>;
  /** Heavy DuckDB jobs queue per project (heavy-lane.ts). */
  heavy: HeavyLanes;
}

/** The opened dataset, or NOT_FOUND telling the user to open it first. */
export function datasetState(ctx: EngineContext, datasetId: string): DatasetState {
  const s = ctx.datasets.get(datasetId);
  if (!s)
    throw new AppError('NOT_FOUND', `No open dataset '${datasetId}'.`, {
      hint: 'Open the file first (datasets.open).',
    });
  return s;
}

/** The dataset once its import finished; waits for a running import, fails if it failed or is stale. */
export async function readyDataset(ctx: EngineContext, datasetId: string): Promise<DatasetState> {
  const s = datasetState(ctx, datasetId);
  if (s.importJob) await s.importJob.promise;
  if (s.info.status !== 'ready' || !s.info.importSummary)
    throw new AppError('CONFLICT', `The dataset is ${s.info.status}, not ready.`, {
      file: s.info.source.path,
      hint:
        s.info.status === 'stale'
          ? 'The file changed since its import: open it again with re-import.'
          : 'Open the file again to import it.',
    });
  return s;
}

/** A logger that drops everything (the default). */
export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
