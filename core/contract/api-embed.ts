// The contract's methods and events for embeddings and near-duplicate search (embed.*; core/embed).
// api.ts joins every domain's interface into AppApi/AppEvents and its names into METHOD_NAMES/EVENT_NAMES.

import type { Result } from './result.js';

/** Where inference runs. */
export type EmbedDevice = 'cpu' | 'cuda';

/** A model the user can pick. */
export interface EmbedModelInfo {
  /** What to pass as `model`: a bundled model's name, or a model folder's absolute path. */
  name: string;
  /** 'lexical': the bundled hashing model (spelling and shared words); 'transformer': a sentence-transformers export. */
  kind: 'lexical' | 'transformer';
  /** Where it comes from: listed in models/manifest.json, or a folder found on disk. */
  source: 'bundled' | 'folder';
  /** The folder or file it loads from. */
  path: string;
  /** One sentence for the UI (for the lexical model: that it matches spelling and words, not meaning). */
  description: string;
  /** Vector size when known without loading the model (folder models: after the first run). */
  dimension: number | null;
  /** True for the model used when none is named. */
  isDefault: boolean;
  /** False for the lexical model: similar scores mean shared words and spelling, not shared meaning. */
  semantic: boolean;
}

/** A device and whether this machine can use it. */
export interface EmbedDeviceInfo {
  device: EmbedDevice;
  available: boolean;
  /** Why not, when unavailable. */
  message?: string;
}

/** embed.models */
export interface EmbedModelsList {
  models: EmbedModelInfo[];
  /** The name of the default model. */
  defaultModel: string;
  devices: EmbedDeviceInfo[];
}

/** What an embed run did. */
export interface EmbedRunResult {
  datasetId: string;
  column: string;
  /** The model's display name (manifest name or folder name). */
  model: string;
  /** Name plus a hash of its files and settings: vectors of different ids never mix. */
  modelId: string;
  dimension: number;
  /** Rows with a non-blank text in the column (each has a vector now). */
  rows: number;
  /** Rows whose vector this run computed. */
  rowsEmbedded: number;
  /** Rows filled from the content-hash cache (the same text embedded before by this model). */
  rowsFromCache: number;
  /** Rows already done by an earlier (possibly interrupted) run and unchanged. */
  rowsAlreadyDone: number;
  /** Rows with an empty text: no vector. */
  rowsSkipped: number;
  /** Distinct texts sent to the model. */
  textsEmbedded: number;
  /** Texts cut at the model's maximum length. */
  truncated: number;
  textsPerSecond: number;
  durationMs: number;
  /** Where it ran, and where it was asked to run (they differ after a CUDA fallback). */
  device: EmbedDevice;
  requestedDevice: EmbedDevice;
  /** Things to tell the user, e.g. that CUDA is not available and CPU was used. */
  warnings: string[];
  /** Vector norms seen (1 for normalized models); null when nothing was embedded. */
  norms: { min: number; max: number; mean: number } | null;
}

/** A dataset column that has embeddings. */
export interface EmbeddedColumn {
  column: string;
  model: string;
  modelId: string;
  dimension: number;
  /** Rows with a vector; null while a run is unfinished. */
  rows: number | null;
  /** ISO time of the last run. */
  updatedAt: string;
}

/** One row of a similarity search. */
export interface SimilarRowHit {
  /** The row's source line. */
  line: number;
  /** Cosine similarity, -1..1. */
  score: number;
  /** The row's text in the embedded column. */
  text: string | null;
}

/** embed.similar */
export interface SimilarResult {
  column: string;
  modelId: string;
  /** The query: a row's line or a text. */
  query: { line: number; text: string | null } | { text: string };
  rows: SimilarRowHit[];
}

/** Progress of an embed run (also reported as jobs.progress with kind 'embed'). */
export interface EmbedProgressEvent {
  jobId: string;
  datasetId: string;
  column: string;
  rowsTotal: number;
  rowsDone: number;
  textsTotal: number;
  textsDone: number;
  textsPerSecond: number;
  /** Seconds left, estimated; null before the first chunk. */
  etaSeconds: number | null;
}

/** Methods of this domain. */
export interface EmbedApi {
  /** The models to choose from (the bundled default and model folders found) and the devices this machine has. */
  'embed.models'(req: {
    /** More folders to look for model folders in. */
    dirs?: string[];
  }): Promise<Result<EmbedModelsList>>;
  /**
   * Embeds a text column as a cancellable job (jobs.progress / embed.progress events; cancel with jobs.cancel).
   * Checkpointed per chunk; texts embedded before by the same model come from the cache, so a re-run or a
   * resumed run embeds only what is new. Asking for CUDA where it is missing runs on CPU with a warning.
   */
  'embed.run'(req: {
    datasetId: string;
    column: string;
    /** A name from embed.models or a model folder path (default: the default model). */
    model?: string;
    device?: EmbedDevice;
    /** Texts per inference call (default: 8 on CPU, 64 on CUDA). */
    batchSize?: number;
    /** ONNX Runtime threads per model instance (default: its own choice). */
    threads?: number;
  }): Promise<Result<EmbedRunResult>>;
  /** The columns of a dataset that have embeddings. */
  'embed.columns'(req: { datasetId: string }): Promise<Result<EmbeddedColumn[]>>;
  /**
   * The k rows most similar to a row (by line; the row itself is left out) or to a text (embedded with the
   * column's model), by cosine similarity in DuckDB, best first.
   */
  'embed.similar'(req: {
    datasetId: string;
    column: string;
    line?: number;
    text?: string;
    /** How many rows (default 10, at most 1000). */
    k?: number;
  }): Promise<Result<SimilarResult>>;
  /**
   * The CSV file a project folder holds (its most recently imported dataset; `others` lists the rest), so a
   * command can take a project instead of a file and then open that file into that project.
   */
  'embed.projectSource'(req: {
    projectDir: string;
  }): Promise<Result<{ path: string; datasetId: string; others: string[] }>>;
}

/** Events of this domain. */
export interface EmbedEvents {
  /** Progress of an embed run, after each committed chunk. */
  'embed.progress': EmbedProgressEvent;
}

/** The method names of this domain, at run time. */
export const EMBED_METHODS = [
  'embed.models',
  'embed.run',
  'embed.columns',
  'embed.similar',
  'embed.projectSource',
] as const satisfies readonly (keyof EmbedApi)[];

/** The event names of this domain, at run time. */
export const EMBED_EVENTS = ['embed.progress'] as const satisfies readonly (keyof EmbedEvents)[];
