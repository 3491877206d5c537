// The DuckDB side of embedding a column, chunk by chunk: the texts still to embed (grouped by content, so a text
// repeated on many lines is embedded once; those already known are filled from the cache), a reader that streams
// them, and a writer that commits each chunk's vectors to the column's table (and, for a table that is not its
// own cache, to the shared cache) in one transaction — the checkpoint.

import {
  ARRAY,
  BIGINT,
  BOOLEAN,
  DuckDBDataChunk,
  FLOAT,
  VARCHAR,
  arrayValue,
  type DuckDBListValue,
} from '@duckdb/node-api';
import { inTransaction, type DuckDBConnection } from '../adapters/duckdb.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { cacheTable } from './embed-tables.js';

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

/** What is left to embed after the cache was used. */
export interface TodoTotals {
  texts: number;
  rows: number;
  chars: number;
  /** Lines filled from the content-hash cache. */
  rowsFromCache: number;
}

/**
 * Builds the temp todo table on `conn` from a SELECT of (__line, text, key) rows, fills the lines whose key
 * `knownSql` (a SELECT of key, vector: the cache) has straight into the vectors table `table` and drops them from
 * the todo; returns what is left. Each text's key (a sha256) is computed once, here.
 */
export async function createTodo(
  conn: DuckDBConnection,
  rowsSql: string,
  table: string,
  knownSql: string,
): Promise<TodoTotals> {
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ${TODO} AS
     SELECT key, any_value(text) AS text, list(__line ORDER BY __line) AS lines, strlen(any_value(text)) AS chars
     FROM (${rowsSql}) GROUP BY key`,
  );
  const cache = `(${knownSql})`;
  let rowsFromCache = 0;
  if ((await conn.runAndReadAll(`SELECT 1 FROM ${cache} LIMIT 1`)).getRows().length > 0) {
    // One transaction: the fill and the removal from the todo see the same cache (another run may be adding
    // to it). (any_value: two runs racing on the same new text may both have cached it.)
    await inTransaction(conn, async () => {
      const filled = await conn.run(
        `INSERT INTO ${quoteIdent(table)} SELECT unnest(t.lines), c.vector, t.key FROM ${TODO} t
         JOIN (SELECT key, any_value(vector) AS vector FROM ${cache} WHERE key IN (SELECT key FROM ${TODO})
               GROUP BY key) c ON c.key = t.key`,
      );
      rowsFromCache = filled.rowsChanged;
      if (rowsFromCache > 0) await conn.run(`DELETE FROM ${TODO} WHERE key IN (SELECT key FROM ${cache})`);
    });
  }
  const r = await conn.runAndReadAll(
    `SELECT count(*)::DOUBLE, coalesce(sum(len(lines)), 0)::DOUBLE, coalesce(sum(chars), 0)::DOUBLE FROM ${TODO}`,
  );
  const [texts, rows, chars] = (r.getRows()[0] ?? [0, 0, 0]).map(Number);
  return { texts: texts ?? 0, rows: rows ?? 0, chars: chars ?? 0, rowsFromCache };
}

/** Streams the todo table in chunks of `size()` texts (asked before each chunk), shortest first (less padding). */
export async function* readTodo(conn: DuckDBConnection, size: () => number): AsyncGenerator<TodoChunk> {
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
        if (buf.keys.length >= size()) {
          yield buf;
          buf = { keys: [], texts: [], lines: [], rows: 0, chars: 0 };
        }
      }
    }
    if (n === 0) break;
  }
  if (buf.keys.length > 0) yield buf;
}

/**
 * The flat Float32Array behind a FLOAT[dim] data-chunk column, when the DuckDB client exposes it as it does
 * today (DuckDBArrayVector → child DuckDBFloatVector → items); undefined otherwise. Filling it with one typed
 * copy per row instead of setItem(arrayValue([...])) per row cuts the staging of a chunk's vectors about 7-fold
 * (measured: 20,000 × 384 floats, 780 ms → 110 ms); the caller falls back to setItem when the shape differs.
 */
function floatsOf(vec: unknown, length: number): Float32Array | undefined {
  const items = (vec as { childData?: { items?: unknown } }).childData?.items;
  return items instanceof Float32Array && items.length === length ? items : undefined;
}

/** Fills column `column` (FLOAT[dim]) of `dc` with each row's vector: row `text` of the flat `vectors`. */
export function setVectors(
  dc: DuckDBDataChunk,
  column: number,
  part: readonly { text: number }[],
  vectors: Float32Array,
  dim: number,
): void {
  const vec = dc.getColumnVector(column);
  const floats = floatsOf(vec, part.length * dim);
  if (floats) {
    part.forEach((r, i) => floats.set(vectors.subarray(r.text * dim, (r.text + 1) * dim), i * dim));
  } else {
    part.forEach((r, i) =>
      vec.setItem(i, arrayValue(Array.from(vectors.subarray(r.text * dim, (r.text + 1) * dim)))),
    );
  }
  vec.flush();
}

/** One line of a chunk: its line number and which of the chunk's texts it holds. */
interface LineRow {
  line: bigint;
  text: number;
}

/** Data chunks of (line, vector, key) rows (the vectors table's columns), filled from the flat vectors. */
function* vectorChunks(chunk: TodoChunk, rows: readonly LineRow[], vectors: Float32Array, dim: number) {
  const types = [BIGINT, ARRAY(FLOAT, dim), VARCHAR];
  for (let start = 0; start < rows.length; start += DUCKDB_CHUNK) {
    const part = rows.slice(start, start + DUCKDB_CHUNK);
    const dc = DuckDBDataChunk.create(types, part.length);
    dc.setColumnValues(
      0,
      part.map((r) => r.line),
    );
    setVectors(dc, 1, part, vectors, dim);
    dc.setColumnValues(
      2,
      part.map((r) => chunk.keys[r.text] ?? ''),
    );
    yield dc;
  }
}

/** Lets the event loop run (e.g. hand the worker pool its next task) between two synchronous appender flushes. */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Commits chunks of vectors. A table that is its own cache gets them straight from an appender: one copy of each
 * vector (measured: about 40% less DuckDB CPU than staging and copying), inside an explicit transaction. The
 * appender's flush is synchronous (it blocks the JS thread) but only fills the transaction's local storage
 * (about a third of the cost); COMMIT — the WAL write and the merge into the table, the larger part — runs off
 * the JS thread, so the worker pool or the next batch's inference keeps going meanwhile. One that is not its own
 * cache (`cache`) is staged with an appender, then copied into the table and the cache table in one
 * transaction. Either way a line's row is there only with its vector: the checkpoint.
 */
export async function createChunkWriter(
  conn: DuckDBConnection,
  table: string,
  modelId: string,
  dim: number,
  opts: { cache: boolean },
) {
  const T = quoteIdent(table);
  // Rows whose norm is 0 (no features) are stored as NULL vectors, in SQL of their own: keeping NULLs out of the
  // appended vectors keeps the appender on its fast path (no validity mask). They are rare.
  const writeEmpty = async (chunk: TodoChunk, empty: readonly LineRow[]) => {
    for (let start = 0; start < empty.length; start += DUCKDB_CHUNK) {
      const values = empty
        .slice(start, start + DUCKDB_CHUNK)
        .map((r) => `(${r.line}, NULL, ${quoteLiteral(chunk.keys[r.text] ?? '')})`);
      await conn.run(`INSERT INTO ${T} VALUES ${values.join(', ')}`);
    }
  };
  if (!opts.cache) {
    return {
      /** Writes one chunk in one transaction; rows whose norm is 0 (no features) are stored as NULL vectors. */
      async write(chunk: TodoChunk, vectors: Float32Array, norms: Float64Array): Promise<void> {
        const full: LineRow[] = [];
        const empty: LineRow[] = [];
        chunk.lines.forEach((ls, text) =>
          ls.forEach((line) => (norms[text] === 0 ? empty : full).push({ line, text })),
        );
        await inTransaction(conn, async () => {
          await writeEmpty(chunk, empty);
          if (full.length === 0) return;
          const appender = await conn.createAppender(table);
          try {
            for (const dc of vectorChunks(chunk, full, vectors, dim)) {
              appender.appendDataChunk(dc);
              appender.flushSync();
              await breathe();
            }
          } finally {
            appender.closeSync();
          }
        });
      },
    };
  }
  // `first` marks one line per text (the cache gets one row per text); `empty` marks an all-zero vector.
  await conn.run(
    `CREATE OR REPLACE TEMP TABLE ${STAGE} (line BIGINT, key VARCHAR, first BOOLEAN, empty BOOLEAN, vector FLOAT[${dim}])`,
  );
  const types = [BIGINT, VARCHAR, BOOLEAN, BOOLEAN, ARRAY(FLOAT, dim)];
  return {
    /** Writes one chunk; rows whose norm is 0 (no features) are stored as NULL vectors. */
    async write(chunk: TodoChunk, vectors: Float32Array, norms: Float64Array): Promise<void> {
      const rows: { line: bigint; text: number; first: boolean }[] = [];
      chunk.lines.forEach((ls, text) => ls.forEach((line, k) => rows.push({ line, text, first: k === 0 })));
      const appender = await conn.createAppender(STAGE, null, 'temp');
      for (let start = 0; start < rows.length; start += DUCKDB_CHUNK) {
        const part = rows.slice(start, start + DUCKDB_CHUNK);
        const dc = DuckDBDataChunk.create(types, part.length);
        dc.setColumnValues(
          0,
          part.map((r) => r.line),
        );
        dc.setColumnValues(
          1,
          part.map((r) => chunk.keys[r.text] ?? ''),
        );
        dc.setColumnValues(
          2,
          part.map((r) => r.first),
        );
        dc.setColumnValues(
          3,
          part.map((r) => norms[r.text] === 0),
        );
        setVectors(dc, 4, part, vectors, dim);
        appender.appendDataChunk(dc);
      }
      appender.flushSync();
      appender.closeSync();
      await inTransaction(conn, async () => {
        // (DuckDB has no CASE over ARRAY values: empty rows take a typed NULL in their own branch.)
        const nullVector = `NULL::FLOAT[${dim}]`;
        await conn.run(
          `INSERT INTO ${T} SELECT line, vector, key FROM ${STAGE} WHERE NOT empty
           UNION ALL SELECT line, ${nullVector}, key FROM ${STAGE} WHERE empty`,
        );
        await conn.run(
          `INSERT INTO ${cacheTable(dim)}
           SELECT key, ${quoteLiteral(modelId)}, vector FROM ${STAGE} WHERE first AND NOT empty
           UNION ALL SELECT key, ${quoteLiteral(modelId)}, ${nullVector} FROM ${STAGE} WHERE first AND empty`,
        );
        await conn.run(`DELETE FROM ${STAGE}`);
      });
    },
  };
}
