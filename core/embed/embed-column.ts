// Embeds one text column of a dataset into `<id>__embed_<h>` (see embed-tables.ts), resumably:
//   1. drop vectors whose line is gone or whose text changed (into the cache first); 2. fill from the
//      content-hash cache (the cache table and the catalogued vectors tables of the same model);
//   3. stream the remaining distinct texts in chunks: embed (the caller's function — in-process or a worker
//      thread), check, and commit each chunk in one transaction (the checkpoint; an uncatalogued table's chunk
//      goes to the cache table in the same transaction).
// A cancelled or killed run keeps every committed chunk; the next run re-embeds nothing already done. Reading the
// next chunk, embedding the next chunk and committing the previous one overlap (two connections).

import type { DuckDbHandle } from '../adapters/duckdb.js';
import { inTransaction, withConnection, type DuckDBConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { widenCheckpoints, type CheckpointWindow } from './checkpoint-window.js';
import { createChunkWriter, createTodo, readTodo, type TodoChunk } from './chunk-io.js';
import {
  cacheKeySql,
  cacheTable,
  catalogTablesOf,
  createVectorsTable,
  embedTableName,
  ensureEmbedTables,
  keepInCache,
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
/** Chunks sent to the model ahead of the one being checked and written. */
const AHEAD = 2;

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
    withConnection(db, async (reader) => {
      const checkpoints = await widenCheckpoints(writer, embedder.info.dimension);
      let ok = false;
      try {
        const result = await run(writer, reader, req, embedder, opts, checkpoints);
        ok = true;
        return result;
      } finally {
        await checkpoints.end(ok);
      }
    }),
  );
}

async function run(
  writer: DuckDBConnection,
  reader: DuckDBConnection,
  req: EmbedColumnRequest,
  embedder: ColumnEmbedder,
  opts: EmbedColumnOptions,
  checkpoints: CheckpointWindow,
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
    // Another model's vectors: start this column over, keeping them in the cache for a switch back.
    if (prior && typeNow === `FLOAT[${prior.dimension}]`) {
      await keepInCache(writer, table, prior.modelId, prior.dimension);
    }
    await writer.run(`DROP TABLE IF EXISTS ${T}`);
  }
  await createVectorsTable(writer, table, dim);
  await catalog(null);

  // 1. Vectors of lines that are gone, blank now, or whose text changed (nothing to check in a new table).
  const before = await count(writer, `SELECT count(*) FROM ${T}`);
  if (before > 0) {
    const stale = `NOT EXISTS (SELECT 1 FROM ${src} s WHERE s.__line = ${T}.__line
         AND ${nonBlankSql(text)} AND ${key} = ${T}.__text_sha)`;
    await inTransaction(writer, async () => {
      if (useCatalog) await keepInCache(writer, table, modelId, dim, stale);
      await writer.run(`DELETE FROM ${T} WHERE ${stale}`);
    });
  }
  const rowsAlreadyDone = before > 0 ? await count(writer, `SELECT count(*) FROM ${T}`) : 0;
  const sizes = await writer.runAndReadAll(
    `SELECT (count(*) FILTER (WHERE ${nonBlankSql(text)}))::DOUBLE, count(*)::DOUBLE FROM ${src} s`,
  );
  const [rowsTotal = 0, rowsAll = 0] = (sizes.getRows()[0] ?? []).map(Number);
  const rowsSkipped = rowsAll - rowsTotal;

  // 2. The lines still to do; those whose text is in the cache are filled from it.
  const done = before > 0 ? ` AND NOT EXISTS (SELECT 1 FROM ${T} t WHERE t.__line = s.__line)` : '';
  const todoRows = `SELECT s.__line, ${text} AS text, ${key} AS key FROM ${src} s WHERE ${nonBlankSql(text)}${done}`;
  const known = [
    `SELECT key, vector FROM ${cacheTable(dim)}`,
    ...[...new Set([table, ...(await catalogTablesOf(writer, modelId))])].map(
      (t) => `SELECT __text_sha AS key, vector FROM ${quoteIdent(t)}`,
    ),
  ].join(' UNION ALL ');
  const todo = await createTodo(reader, todoRows, table, known);
  const rowsFromCache = todo.rowsFromCache;

  // 3. The rest, chunk by chunk. The next AHEAD chunks are sent to the model before this one is checked and
  // written, so a model in worker threads always has a chunk queued and never waits for the writes (whose
  // synchronous part blocks this thread for a moment: the pool hands out the next task only when this thread is
  // free, so with one chunk ahead the worker idled whenever it finished during a write).
  const stats = emptyNormStats();
  const writeChunk = await createChunkWriter(writer, table, modelId, dim, { cache: !useCatalog });
  let textsDone = 0;
  let rowsEmbedded = 0;
  let charsDone = 0;
  let truncated = 0;
  let textsSent = 0;
  let pending: Promise<void> = Promise.resolve();
  const inFlight: { chunk: TodoChunk; out: Promise<BatchEmbedding> }[] = [];
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
  // Adaptive size: about CHUNK_SECONDS of embedding at the speed so far, and at most a third of what is left,
  // so the last chunks (whose writes nothing overlaps) are short.
  const adaptive = () => {
    const secs = (performance.now() - loopStart) / 1000;
    const speed = textsDone > 0 && secs > 0 ? textsDone / secs : 0;
    const target = speed > 0 ? Math.round(speed * CHUNK_SECONDS) : CHUNK_FIRST;
    const tail = Math.ceil((todo.texts - textsSent) / 3);
    return Math.max(CHUNK_MIN, Math.min(CHUNK_MAX, target, tail));
  };
  const nextSize = () => Math.max(1, Math.min(opts.maxChunkSize ?? Infinity, opts.chunkSize ?? adaptive()));
  const send = (chunk: TodoChunk) => {
    if (opts.signal?.aborted) throw cancelled();
    textsSent += chunk.texts.length;
    const out = embedder.embed(chunk.texts, opts.signal);
    // Marks a failure as handled until it is awaited (it may be dropped when an earlier chunk fails first).
    out.catch(() => undefined);
    return out;
  };
  const chunks = readTodo(reader, nextSize)[Symbol.asyncIterator]();
  // The next chunk's texts are read while this one is embedded.
  let reading: Promise<IteratorResult<TodoChunk>> | undefined;
  const readNext = () => {
    reading = chunks.next();
    reading.catch(() => undefined);
    return reading;
  };
  let exhausted = false;
  // Sends chunks until AHEAD are in flight (or none is left), then starts reading the one after.
  const fill = async () => {
    while (!exhausted && inFlight.length < AHEAD) {
      const r = await (reading ?? readNext());
      reading = undefined;
      if (r.done) exhausted = true;
      else inFlight.push({ chunk: r.value, out: send(r.value) });
    }
    if (!exhausted && !reading) readNext();
  };
  try {
    await fill();
    for (let next = inFlight.shift(); next; next = inFlight.shift()) {
      const { chunk } = next;
      const out = await next.out;
      await fill();
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
      pending = writeChunk
        .write(chunk, out.vectors, norms)
        .then(() => {
          textsDone += chunk.texts.length;
          rowsEmbedded += chunk.rows;
          charsDone += chunk.chars;
          progress();
        })
        // Between two commits, while the model embeds the chunks sent ahead.
        .then(() => checkpoints.committed(chunk.rows, todo.rows - rowsEmbedded));
      // Marks a failed commit as handled while the next chunk is embedded; `await pending` still throws it.
      pending.catch(() => undefined);
    }
    await pending;
  } catch (e) {
    // Keep what was committed, and finish a commit in flight before reporting (it is a checkpoint too); chunks
    // sent ahead are not written, but must not outlive the run.
    await pending.catch(() => undefined);
    await Promise.all(inFlight.map((f) => f.out.catch(() => undefined)));
    await reading?.catch(() => undefined);
    await chunks.return?.(undefined).catch(() => undefined);
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
