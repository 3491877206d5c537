// Near-duplicate search: the k rows whose vectors are most similar (cosine, computed in DuckDB) to a row's
// vector or to a given vector (e.g. an embedded query text).

import { listValue } from '@duckdb/node-api';
import type { DuckDBConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import { quoteIdent } from '../sql/quote.js';
import type { ColumnEmbedder } from './embed-column.js';
import { readCatalog } from './embed-tables.js';

/** What to compare with: an embedded row (excluded from the results) or a vector of the column's dimension. */
export type SimilarQuery = { line: number } | { vector: Float32Array | readonly number[] };

/** One hit. */
export interface SimilarRow {
  line: number;
  /** Cosine similarity, -1..1. */
  score: number;
  /** The row's text in the embedded column. */
  text: string | null;
}

/** Options of a search. */
export interface SimilarOptions {
  /** The table the column was read from (default `<id>__source`). */
  table?: string;
  /** When given, must equal the model that made the column's vectors (a query vector from another model is noise). */
  modelId?: string;
}

/** Top-k most similar rows of an embedded column, best first (ties by line). */
export async function similar(
  conn: DuckDBConnection,
  datasetId: string,
  column: string,
  query: SimilarQuery,
  k = 10,
  opts: SimilarOptions = {},
): Promise<SimilarRow[]> {
  if (!Number.isInteger(k) || k < 1)
    throw new AppError('BAD_USAGE', `k must be a positive integer, not ${k}.`);
  const cat = await readCatalog(conn, datasetId, column);
  if (!cat || cat.rows === null) {
    throw new AppError('NOT_FOUND', `Column "${column}" has no complete embeddings yet.`, {
      column,
      hint: 'Run `sluice embed` on this column first.',
    });
  }
  if (opts.modelId && opts.modelId !== cat.modelId) {
    throw new AppError(
      'CONFLICT',
      `Column "${column}" was embedded with ${cat.modelId}, not ${opts.modelId}.`,
      {
        hint: 'Use the same model for the query, or embed the column again with this model.',
      },
    );
  }
  const T = quoteIdent(cat.table);
  const src = quoteIdent(opts.table ?? `${datasetId}__source`);
  const d = cat.dimension;
  let target: string;
  let exclude = 'NULL';
  const params: Parameters<DuckDBConnection['runAndReadAll']>[1] = [];
  if ('line' in query) {
    const has = await conn.runAndReadAll(
      `SELECT vector IS NOT NULL FROM ${T} WHERE __line = ${Number(query.line)}`,
    );
    const row = has.getRows()[0];
    if (!row || row[0] !== true) {
      throw new AppError(
        'NOT_FOUND',
        `Line ${query.line} has no vector (no such row, or its text is empty).`,
        {
          line: query.line,
          column,
        },
      );
    }
    target = `(SELECT vector FROM ${T} WHERE __line = ${Number(query.line)})`;
    exclude = String(Number(query.line));
  } else {
    if (query.vector.length !== d) {
      throw new AppError(
        'BAD_USAGE',
        `The query vector has ${query.vector.length} values; the column's have ${d}.`,
      );
    }
    if (!Array.from(query.vector).every(Number.isFinite))
      throw new AppError('BAD_USAGE', 'The query vector has NaN/Inf.');
    target = `$1::FLOAT[${d}]`;
    params.push(listValue(Array.from(query.vector)));
  }
  const r = await conn.runAndReadAll(
    `SELECT t.__line::DOUBLE, array_cosine_similarity(t.vector, ${target})::DOUBLE AS score,
            CAST(s.${quoteIdent(column)} AS VARCHAR)
     FROM ${T} t JOIN ${src} s ON s.__line = t.__line
     WHERE t.vector IS NOT NULL AND t.__line IS DISTINCT FROM ${exclude}
     ORDER BY score DESC, t.__line LIMIT ${k}`,
    params,
  );
  return r.getRows().map(([line, score, text]) => ({
    line: Number(line),
    score: Number(score),
    text: text === null ? null : String(text),
  }));
}

/** Top-k rows most similar to a query text, embedded with the model that made the column's vectors. */
export async function similarToText(
  conn: DuckDBConnection,
  datasetId: string,
  column: string,
  text: string,
  embedder: ColumnEmbedder,
  k = 10,
  opts: Omit<SimilarOptions, 'modelId'> = {},
): Promise<SimilarRow[]> {
  if (text.trim() === '') throw new AppError('BAD_USAGE', 'The query text is empty.');
  const q = await embedder.embed([text]);
  return similar(conn, datasetId, column, { vector: q.vectors }, k, {
    ...opts,
    modelId: embedder.info.modelId,
  });
}
