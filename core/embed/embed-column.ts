// Embeds one text column of a dataset into `<id>__embed_<h>` (see embed-tables.ts), resumably:
//   1. drop vectors whose line is gone or whose text changed; 2. fill from the content-hash cache;
//   3. stream the remaining distinct texts in chunks: embed (the caller's function — in-process or a worker
//      thread), check, and commit each chunk with its cache rows in one transaction (the checkpoint).
// A cancelled or killed run keeps every committed chunk; the next run re-embeds nothing already done. Reading the
// next chunk, embedding and committing the previous chunk overlap (two connections).

import type { DuckDbHandle } from '../adapters/duckdb.js';
import { withConnection, type DuckDBConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { createChunkWriter, createTodo, readTodo } from './chunk-io.js';
import {
  cacheKeySql,
  cacheTable,
  createVectorsTable,
  embedTableName,
  ensureEmbedTables,
  nonBlankSql,
  readCatalog,
  writeCatalog,
} from './embed-tables.js';
import type { EmbedderInfo } from './embedder.js';
import type { BatchEmbedding } from './runner.js';
import { checkVectors, emptyNormStats } from './vector-checks.js';

/** What embedColumn needs from a model: its identity and a texts → vectors function (may run in a worker). */
export interface ColumnEmbedder {
  info: Pick<EmbedderInfo, 'modelId' | 'dimension' | 'normalized'>;
  embed(texts: string[], signal?: AbortSignal): Promise<BatchEmbedding>;
}

/** Which column to embed. */
export interface EmbedColumnRequest {
  datasetId: string;
  column: string;
  /** The table to read (unquoted; default `<id>__source`), e.g. a pipeline stage. */
  table?: string;
  /** Where the vectors go (unquoted; default embedTableName(datasetId, column)). */
  vectorsTable?: string;
  /** Record the column in the embed catalog (default true; a pipeline's scratch vectors are not listed). */
  catalog?: boolean;
  /** The model argument that loads the model again (kept in the catalog for queries by text). */
  modelSpec?: string;
}

/** Progress after each committed chunk. */
export interface EmbedProgress {
  rowsTotal: number;
  rowsDone: number;
  textsTotal: number;
  textsDone: number;
  textsPerSecond: number;
  /** Estimated from the characters left at the characters-per-second so far; null before the first chunk. */
  etaSeconds: number | null;
}

/** Settings of a run. */
export interface EmbedColumnOptions {
  /**
   * Distinct texts per checkpoint. Default: adaptive, about CHUNK_SECONDS of embedding per chunk (from the speed
   * so far), so a fast model does not pay a commit every few milliseconds and a slow one loses little on a crash.
   */
  chunkSize?: number;
  /** Upper bound on the adaptive chunk (e.g. a pipeline's chunkRows setting). */
  maxChunkSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: EmbedProgress) => void;
}

/** What a run did. */
export interface EmbedColumnResult {
  /** The vectors table (unquoted name). */
  table: string;
  modelId: string;
  dimension: number;
  /** Lines with a non-blank text (all of them have a vector row now). */
  rows: number;
  /** Lines whose vector was computed by this run. */
  rowsEmbedded: number;
  /** Lines filled from the content-hash cache. */
  rowsFromCache: number;
  /** Lines already done (by an earlier, possibly interrupted, run) and unchanged. */
  rowsAlreadyDone: number;
  /** Lines with NULL or blank text: no vector. */
  rowsSkipped: number;
  /** Distinct texts sent to the model. */
  textsEmbedded: number;
  /** Texts cut at the model's maximum length. */
  truncated: number;
  /** Texts that gave an all-zero vector (stored as NULL). */
  emptyVectors: number;
  textsPerSecond: number;
  durationMs: number;
  norms: { min: number; max: number; mean: number } | null;
}

/** Target embedding time per adaptive chunk, and its bounds in texts. */
const CHUNK_SECONDS = 2;
const CHUNK_MIN = 32;
const CHUNK_MAX = 8192;
const CHUNK_FIRST = 256;

const cancelled = () => new AppError('CANCELLED', 'Embedding cancelled; finished chunks are kept.');

async function count(conn: DuckDBConnection, sql: string): Promise<number> {
  const r = await conn.runAndReadAll(sql);
  return Number(r.getRows()[0]?.[0] ?? 0);
}

async function columnType(conn: DuckDBConnection, table: string, column: string): Promise<string> {
  const r = await conn.runAndReadAll(
    `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ${quoteLiteral(table)} AND NOT internal`,
  );
  const cols = r.getRows().map(([name, type]) => ({ name: String(name), type: String(type) }));
  if (cols.length === 0)
    throw new AppError('NOT_FOUND', `There is no table ${table}.`, { hint: 'Import the file first.' });
  const found = cols.find((c) => c.name === column);
  if (!found) {
    throw new AppError('NOT_FOUND', `There is no column "${column}".`, {
      column,
      hint: `Columns: ${cols
        .map((c) => c.name)
        .filter((n) => n !== '__line')
        .join(', ')}.`,
    });
  }
  return found.type;
}

/** Embeds a text column; see the file comment. */
export async function embedColumn(
  db: DuckDbHandle,
  req: EmbedColumnRequest,
  embedder: ColumnEmbedder,
  opts: EmbedColumnOptions = {},
): Promise<EmbedColumnResult> {
  if (opts.signal?.aborted) throw cancelled();
  return withConnection(db, (writer) =>
    withConnection(db, (reader) => run(writer, reader, req, embedder, opts)),
  );
}

async function run(
  writer: DuckDBConnection,
  reader: DuckDBConnection,
  req: EmbedColumnRequest,
  embedder: ColumnEmbedder,
  opts: EmbedColumnOptions,
): Promise<EmbedColumnResult> {
  const started = performance.now();
  const { modelId, dimension: dim, normalized } = embedder.info;
  const srcName = req.table ?? `${req.datasetId}__source`;
  await columnType(writer, srcName, req.column);
  const src = quoteIdent(srcName);
  const text = `CAST(s.${quoteIdent(req.column)} AS VARCHAR)`;
  const key = cacheKeySql(modelId, text);
  const table = req.vectorsTable ?? embedTableName(req.datasetId, req.column);
  const T = quoteIdent(table);
  const useCatalog = req.catalog ?? true;
  const catalog = (rows: number | null) =>
    useCatalog
      ? writeCatalog(writer, req.datasetId, req.column, {
          table,
          modelId,
          dimension: dim,
          rows,
          modelSpec: req.modelSpec ?? null,
        })
      : Promise.resolve();

  await ensureEmbedTables(writer, dim);
  const prior = useCatalog ? await readCatalog(writer, req.datasetId, req.column) : undefined;
  const actualType = await writer.runAndReadAll(
    `SELECT data_type FROM duckdb_columns() WHERE table_name = ${quoteLiteral(table)} AND column_name = 'vector'`,
  );
  const typeNow = actualType.getRows()[0]?.[0];
  if (
    (prior && (prior.modelId !== modelId || prior.dimension !== dim)) ||
    (typeNow && typeNow !== `FLOAT[${dim}]`)
  ) {
    // Another model's vectors: start this column over (the cache still holds them for a switch back).
    await writer.run(`DROP TABLE IF EXISTS ${T}`);
  }
  await createVectorsTable(writer, table, dim);
  await catalog(null);

  // 1. Vectors of lines that are gone, blank now, or whose text changed.
  await writer.run(
    `DELETE FROM ${T} WHERE NOT EXISTS (SELECT 1 FROM ${src} s WHERE s.__line = ${T}.__line
       AND ${nonBlankSql(text)} AND ${key} = ${T}.__text_sha)`,
  );
  const rowsTotal = await count(writer, `SELECT count(*) FROM ${src} s WHERE ${nonBlankSql(text)}`);
  const rowsSkipped = (await count(writer, `SELECT count(*) FROM ${src}`)) - rowsTotal;
  const rowsAlreadyDone = await count(writer, `SELECT count(*) FROM ${T}`);

  // 2. Lines whose text is in the cache.
  const todoRows = `SELECT s.__line, ${text} AS text, ${key} AS key FROM ${src} s
    WHERE ${nonBlankSql(text)} AND NOT EXISTS (SELECT 1 FROM ${T} t WHERE t.__line = s.__line)`;
  // (any_value: two runs racing on the same new text may both have cached it.)
  const filled = await writer.run(
    `INSERT INTO ${T} SELECT x.__line, c.vector, x.key FROM (${todoRows}) x
     JOIN (SELECT key, any_value(vector) AS vector FROM ${cacheTable(dim)}
           WHERE key IN (SELECT key FROM (${todoRows})) GROUP BY key) c ON c.key = x.key`,
  );
  const rowsFromCache = filled.rowsChanged;

  // 3. The rest, chunk by chunk.
  const todo = await createTodo(reader, todoRows);
  const stats = emptyNormStats();
  const writeChunk = await createChunkWriter(writer, table, modelId, dim);
  let textsDone = 0;
  let rowsEmbedded = 0;
  let charsDone = 0;
  let truncated = 0;
  let pending: Promise<void> = Promise.resolve();
  const loopStart = performance.now();
  const progress = () => {
    const secs = (performance.now() - loopStart) / 1000;
    const cps = secs > 0 ? charsDone / secs : 0;
    opts.onProgress?.({
      rowsTotal,
      rowsDone: rowsAlreadyDone + rowsFromCache + rowsEmbedded,
      textsTotal: todo.texts,
      textsDone,
      textsPerSecond: secs > 0 ? textsDone / secs : 0,
      etaSeconds: cps > 0 ? (todo.chars - charsDone) / cps : null,
    });
  };
  progress();
  try {
    let embedSeconds = 0;
    let embeddedTexts = 0;
    const adaptive = () =>
      embeddedTexts === 0
        ? CHUNK_FIRST
        : Math.max(
            CHUNK_MIN,
            Math.min(CHUNK_MAX, Math.round((embeddedTexts / embedSeconds) * CHUNK_SECONDS)),
          );
    const nextSize = () => Math.max(1, Math.min(opts.maxChunkSize ?? Infinity, opts.chunkSize ?? adaptive()));
    for await (const chunk of readTodo(reader, nextSize)) {
      if (opts.signal?.aborted) throw cancelled();
      const t0 = performance.now();
      const out = await embedder.embed(chunk.texts, opts.signal);
      embedSeconds += (performance.now() - t0) / 1000;
      embeddedTexts += chunk.texts.length;
      if (out.dimension !== dim) {
        throw new AppError(
          'MODEL_INVALID',
          `The model returned vectors of dimension ${out.dimension}, not ${dim}.`,
        );
      }
      const norms = checkVectors(out.vectors, chunk.texts.length, dim, normalized, stats, (i) => {
        const line = chunk.lines[i]?.[0];
        return `line ${line} (column "${req.column}")`;
      });
      truncated += out.truncated;
      await pending;
      pending = writeChunk.write(chunk, out.vectors, norms).then(() => {
        textsDone += chunk.texts.length;
        rowsEmbedded += chunk.rows;
        charsDone += chunk.chars;
        progress();
      });
      // Marks a failed commit as handled while the next chunk is embedded; `await pending` still throws it.
      pending.catch(() => undefined);
    }
    await pending;
  } catch (e) {
    // Keep what was committed, and finish a commit in flight before reporting (it is a checkpoint too).
    await pending.catch(() => undefined);
    throw e;
  }

  const rows = await count(writer, `SELECT count(*) FROM ${T}`);
  if (rows !== rowsTotal) {
    throw new AppError(
      'INTERNAL',
      `Embedded ${rows} lines of ${rowsTotal}; the column changed during the run?`,
      {
        hint: 'Run the embed phase again.',
      },
    );
  }
  await catalog(rows);
  const loopSecs = (performance.now() - loopStart) / 1000;
  return {
    table,
    modelId,
    dimension: dim,
    rows,
    rowsEmbedded,
    rowsFromCache,
    rowsAlreadyDone,
    rowsSkipped,
    textsEmbedded: textsDone,
    truncated,
    emptyVectors: stats.zero,
    textsPerSecond: loopSecs > 0 ? textsDone / loopSecs : 0,
    durationMs: performance.now() - started,
    norms: stats.count > 0 ? { min: stats.min, max: stats.max, mean: stats.sum / stats.count } : null,
  };
}
