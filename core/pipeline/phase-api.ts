// The interface between the runner and the phases. A phase handler does its (possibly long) work in scratch
// objects and files, then returns the statements that make its output visible; the runner runs those with
// the phase's checkpoint in ONE transaction, which is what makes a kill -9 leave the phase done or not done.
// Chunked phases commit each chunk the same way (commitChunk). Adapters for what core does not construct
// (PostgreSQL, embedding models) are injected.

import type { DuckDbHandle, DuckDBConnection } from '../adapters/duckdb.js';
import type { DestinationOutput } from '../contract/pipeline.js';
import type { ConfigValues } from './config.js';
import type { TaskPool } from './task-pool.js';
import type { DestinationSpec, LoadedPipeline, PhaseSpec } from './types.js';

/** Loads rows into PostgreSQL (the sync module provides it); a re-run with the same loadKey never duplicates. */
export interface PostgresLoader {
  load(req: {
    db: DuckDbHandle;
    conn: DuckDBConnection;
    /** DuckDB SQL selecting the rows to load, in order. */
    query: string;
    destination: DestinationSpec;
    /** Stable per run, phase and destination: the idempotency key of the load. */
    loadKey: string;
    runId: string;
    phase: string;
    signal: AbortSignal;
    onProgress?: (rows: number) => void;
  }): Promise<{ rows: number; jobId: string }>;
  /** Undoes a load (rolling a run back past its load phase). */
  rollback?(req: { jobId: string; destination: DestinationSpec; signal?: AbortSignal }): Promise<void>;
}

/** Computes embeddings (the embed module provides it): creates `table` = input rows plus vector column(s). */
export interface EmbedAdapter {
  embed(req: {
    db: DuckDbHandle;
    conn: DuckDBConnection;
    input: string;
    /** The table to create (a scratch name; the runner publishes it as the stage). */
    table: string;
    options: Record<string, unknown>;
    pool: TaskPool;
    chunkRows: number;
    signal: AbortSignal;
    onProgress?: (rows: number) => void;
  }): Promise<{ rowsIn: number }>;
}

/** What a run may be given for the phases core cannot run on its own. */
export interface PipelineAdapters {
  postgres?: PostgresLoader;
  embed?: EmbedAdapter;
}

/** Everything a phase handler may use. */
export interface PhaseEnv {
  db: DuckDbHandle;
  /** The runner's connection; temp views `stage`, `stage_<phase>` and `findings` are bound on it. */
  conn: DuckDBConnection;
  runId: string;
  pipeline: LoadedPipeline;
  phase: PhaseSpec;
  /** The input stage (unquoted name); undefined for a first phase. */
  input?: string;
  /** The stage to create (unquoted name): `<runId>__<phase>`. */
  output: string;
  /** Prefix for scratch objects: `<runId>__<phase>__w` (dropped before each try). */
  scratch: string;
  /** Folder for this phase's scratch files (emptied before each try). */
  tmpDir: string;
  /** The findings table of the latest validate phase before this one (recipes' `finding` conditions). */
  findings?: string;
  /** Secrets by name (salts of recipe hash operations), from the host; never stored. */
  secrets: Record<string, string>;
  /** Source files of the run (extract). */
  sources: string[];
  config: ConfigValues;
  signal: AbortSignal;
  pool: TaskPool;
  adapters: PipelineAdapters;
  /** The try number (1-based). */
  attempt: number;
  /** Chunks of this phase already committed (a resumed chunked phase continues after them). */
  chunksDone: number;
  /** Commits one chunk: `statements` and the chunk's checkpoint, in one transaction. */
  commitChunk(
    chunk: number,
    statements: string[],
    counts: { rowsIn: number; rowsOut: number },
  ): Promise<void>;
  /**
   * Progress for the UI: rows done so far in this phase, of `total` when known; else `share` (0..1) of the
   * phase done when the phase knows it otherwise (extract: bytes read of the files' size).
   */
  progress(rows: number, total?: number, share?: number): void;
}

/** What a handler returns. */
export interface PhaseResult {
  /** Statements that create the output stage (and publish scratch objects); run in the commit transaction. */
  commit: string[];
  rowsIn: number;
  /** Lines rejected (extract) or rows with findings (validate). */
  rowsRejected?: number;
  findings?: number;
  /** Rows the error budget's ratio is computed over (default rowsIn). */
  budgetBase?: number;
  chunks?: number;
  outputs?: DestinationOutput[];
}

/** Runs one phase type. */
export type PhaseHandler = (env: PhaseEnv) => Promise<PhaseResult>;
