// The pipeline's `embed` phase (core/pipeline/phase-api.ts EmbedAdapter) on top of embedColumn: the input stage
// plus a FLOAT[dim] column of vectors for one text column. Phase options (pipeline JSON `options`):
//   { "column": "description", "model": "lexical-hash-384" | "/path/to/folder", "device": "cpu" | "cuda",
//     "output": "description_embedding", "batchSize": 8, "threads": 2 }
// The model runs in the run's worker pool. Vectors are committed chunk by chunk into a scratch table and the
// project's content-hash cache; a try that is cancelled or killed loses its scratch table, and the next try
// refills it from the cache in one statement, so nothing already embedded is embedded again.

import { withConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import type { EmbedAdapter } from '../pipeline/phase-api.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { embedColumn, type EmbedColumnResult } from './embed-column.js';
import type { EmbedderSpec } from './embedder.js';
import { openEmbedder } from './open-embedder.js';

/** The embed phase's options, checked. */
export interface EmbedPhaseOptions {
  column: string;
  model?: string;
  device?: 'cpu' | 'cuda';
  /** The vector column to add (default `<column>_embedding`). */
  output: string;
  batchSize?: number;
  threads?: number;
}

/** Settings of the adapter a host builds. */
export interface EmbedAdapterSettings {
  /** Where manifest.json lives (default: found from this module). */
  modelsDir?: string;
  /** Run the model in the run's worker pool (default true); false runs it on the calling thread. */
  useWorkers?: boolean;
  /** Things to tell the user (a CUDA fallback). */
  onWarning?: (message: string) => void;
  /** Called with each finished phase's figures (rows from cache, texts/s…), e.g. for the run log. */
  onResult?: (r: EmbedColumnResult & { output: string }) => void;
}

const KEYS = ['column', 'model', 'device', 'output', 'batchSize', 'threads'];

function bad(message: string, hint?: string): AppError {
  return new AppError('PIPELINE_INVALID', `embed phase: ${message}`, hint ? { hint } : {});
}

function optionalInt(o: Record<string, unknown>, key: string): number | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw bad(`${key} must be a positive integer.`);
  return v;
}

/** Checks a phase's options (PIPELINE_INVALID naming the problem). */
export function parseEmbedPhaseOptions(o: Record<string, unknown>): EmbedPhaseOptions {
  const unknown = Object.keys(o).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0) throw bad(`unknown option ${unknown.join(', ')}.`, `Options: ${KEYS.join(', ')}.`);
  const { column, model, device, output } = o;
  if (typeof column !== 'string' || column === '')
    throw bad('options.column (the text column to embed) is required.');
  if (model !== undefined && (typeof model !== 'string' || model === ''))
    throw bad('model must be a model name or a folder path.');
  if (device !== undefined && device !== 'cpu' && device !== 'cuda') throw bad('device must be cpu or cuda.');
  if (output !== undefined && (typeof output !== 'string' || output === '' || output.startsWith('__')))
    throw bad('output must be a column name (not starting with __).');
  return {
    column,
    ...(model !== undefined ? { model } : {}),
    ...(device !== undefined ? { device } : {}),
    output: output ?? `${column}_embedding`,
    batchSize: optionalInt(o, 'batchSize'),
    threads: optionalInt(o, 'threads'),
  };
}

/** The embed phase adapter a host passes to runPipeline (adapters.embed). */
export function createEmbedAdapter(settings: EmbedAdapterSettings = {}): EmbedAdapter {
  return {
    async embed(req) {
      const o = parseEmbedPhaseOptions(req.options);
      const spec: EmbedderSpec = {
        model: o.model,
        modelsDir: settings.modelsDir,
        device: o.device ?? 'cpu',
        batchSize: o.batchSize,
        threads: o.threads,
      };
      const embedder = await openEmbedder(
        spec,
        settings.useWorkers === false ? undefined : req.pool,
        req.signal,
      );
      let result: EmbedColumnResult;
      try {
        for (const w of embedder.warnings) settings.onWarning?.(w);
        // Owned by the phase's scratch prefix (`<scratch>__…`): the runner drops it before a retry.
        const vectors = `${req.table.replace(/_embedded$/, '')}__vectors`;
        result = await embedColumn(
          req.db,
          {
            datasetId: 'pipeline',
            column: o.column,
            table: req.input,
            vectorsTable: vectors,
            catalog: false,
          },
          embedder,
          {
            signal: req.signal,
            maxChunkSize: req.chunkRows,
            onProgress: (p) => req.onProgress?.(p.rowsDone),
          },
        );
      } finally {
        await embedder.close();
      }
      const rowsIn = await withConnection(req.db, async (c) => {
        const cols = await c.runAndReadAll(
          `SELECT count(*)::INTEGER FROM duckdb_columns() WHERE table_name = ${quoteLiteral(req.input)} AND column_name = ${quoteLiteral(o.output)}`,
        );
        const exclude = cols.getRows()[0]?.[0] === 1 ? ` EXCLUDE (${quoteIdent(o.output)})` : '';
        await c.run(
          `CREATE OR REPLACE TABLE ${quoteIdent(req.table)} AS
           SELECT s.*${exclude}, v.vector AS ${quoteIdent(o.output)}
           FROM ${quoteIdent(req.input)} s LEFT JOIN ${quoteIdent(result.table)} v ON v.__line = s.__line`,
        );
        await c.run(`DROP TABLE IF EXISTS ${quoteIdent(result.table)}`);
        const n = await c.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${quoteIdent(req.input)}`);
        return Number(n.getRows()[0]?.[0] ?? 0);
      });
      settings.onResult?.({ ...result, output: o.output });
      return { rowsIn };
    },
  };
}
