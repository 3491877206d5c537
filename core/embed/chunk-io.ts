// The DuckDB side of embedding a column, chunk by chunk: a reader that streams the texts still to embed
// (grouped by content, so a text repeated on many lines is embedded once) and a writer that commits each
// chunk's vectors to the column's table and to the shared cache in one transaction — the checkpoint.

import {
  ARRAY,
  BIGINT,
  DuckDBDataChunk,
  FLOAT,
  VARCHAR,
  arrayValue,
  type DuckDBListValue,
} from '@duckdb/node-api';
import type { DuckDBConnection } from '../adapters/duckdb.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { CACHE_TABLE } from './embed-tables.js';

/** Texts to embed, each with the lines that hold it. */
export interface TodoChunk {
  keys: string[];
  texts: string[];
  lines: bigint[][];
  rows: number;
  chars: number;
}

const TODO = 'embed_todo';
const STAGE = 'embed_stage';
const DUCKDB_CHUNK = 2048;

/** Builds the temp todo table on `conn` from a SELECT of (__line, text, key) rows; returns its totals. */
export async function createTodo(
  conn: DuckDBConnection,
  rowsSql: string,
): Promise<{ texts: number; rows: number; chars: number }> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ${TODO} AS
     SELECT key, any_value(text) AS text, list(__line ORDER BY __line) AS lines, strlen(any_value(text)) AS chars
     FROM (${rowsSql}) GROUP BY key`,
  );
  const r = await conn.runAndReadAll(
    `SELECT count(*)::DOUBLE, coalesce(sum(len(lines)), 0)::DOUBLE, coalesce(sum(chars), 0)::DOUBLE FROM ${TODO}`,
  );
  const [texts, rows, chars] = (r.getRows()[0] ?? [0, 0, 0]).map(Number);
  return { texts: texts ?? 0, rows: rows ?? 0, chars: chars ?? 0 };
}

/** Streams the todo table in chunks of about `size` texts, shortest first (similar lengths pad least). */
export async function* readTodo(conn: DuckDBConnection, size: number): AsyncGenerator<TodoChunk> {
  const result = await conn.stream(`SELECT key, text, lines FROM ${TODO} ORDER BY chars, key`);
  let buf: TodoChunk = { keys: [], texts: [], lines: [], rows: 0, chars: 0 };
  for (;;) {
    const chunk = await result.fetchChunk();
    const n = chunk?.rowCount ?? 0;
    if (chunk && n > 0) {
      const keys = chunk.getColumnValues(0);
      const texts = chunk.getColumnValues(1);
      const lines = chunk.getColumnValues(2);
      for (let i = 0; i < n; i++) {
        const text = String(texts[i]);
        const ls = (lines[i] as DuckDBListValue).items as bigint[];
        buf.keys.push(String(keys[i]));
        buf.texts.push(text);
        buf.lines.push(ls);
        buf.rows += ls.length;
        buf.chars += text.length;
        if (buf.keys.length >= size) {
          yield buf;
          buf = { keys: [], texts: [], lines: [], rows: 0, chars: 0 };
        }
      }
    }
    if (n === 0) break;
  }
  if (buf.keys.length > 0) yield buf;
}

/** Commits chunks of vectors: stage with an appender, then one transaction into the table and the cache. */
export async function createChunkWriter(conn: DuckDBConnection, table: string, modelId: string, dim: number) {
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${STAGE} (line BIGINT, key VARCHAR, vector FLOAT[${dim}])`);
  const vectorType = ARRAY(FLOAT, dim);
  return {
    /** Writes one chunk; rows whose norm is 0 (no features) are stored as NULL vectors. */
    async write(chunk: TodoChunk, vectors: Float32Array, norms: Float64Array): Promise<void> {
      const rows: { line: bigint; text: number }[] = [];
      chunk.lines.forEach((ls, t) => ls.forEach((line) => rows.push({ line, text: t })));
      const appender = await conn.createAppender(STAGE, null, 'temp');
      for (let start = 0; start < rows.length; start += DUCKDB_CHUNK) {
        const part = rows.slice(start, start + DUCKDB_CHUNK);
        const dc = DuckDBDataChunk.create([BIGINT, VARCHAR, vectorType], part.length);
        dc.setColumnValues(
          0,
          part.map((r) => r.line),
        );
        dc.setColumnValues(
          1,
          part.map((r) => chunk.keys[r.text] ?? ''),
        );
        const vec = dc.getColumnVector(2);
        part.forEach((r, i) => {
          const v =
            norms[r.text] === 0
              ? null
              : arrayValue(Array.from(vectors.subarray(r.text * dim, (r.text + 1) * dim)));
          vec.setItem(i, v);
        });
        vec.flush();
        appender.appendDataChunk(dc);
      }
      appender.flushSync();
      appender.closeSync();
      await conn.run('BEGIN TRANSACTION');
      try {
        await conn.run(`INSERT OR REPLACE INTO ${quoteIdent(table)} SELECT line, vector, key FROM ${STAGE}`);
        await conn.run(
          `INSERT OR IGNORE INTO ${CACHE_TABLE}
           SELECT key, ${quoteLiteral(modelId)}, any_value(vector)::FLOAT[] FROM ${STAGE} GROUP BY key`,
        );
        await conn.run(`DELETE FROM ${STAGE}`);
        await conn.run('COMMIT');
      } catch (e) {
        await conn.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
    },
  };
}
