// embedColumn and similar on a real DuckDB workspace with the real default model: first run, re-run (nothing to
// do), changed texts, the content-hash cache across datasets, cancel and crash mid-run then resume (nothing
// re-embedded), model change, vector checks, and top-k search.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import { embedColumn, type ColumnEmbedder, type EmbedProgress } from '../../core/embed/embed-column.js';
import { embedTableName } from '../../core/embed/embed-tables.js';
import { loadEmbedder, type Embedder } from '../../core/embed/embedder.js';
import { similar, similarToText } from '../../core/embed/similar.js';
import { quoteLiteral } from '../../core/sql/quote.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-embed-col-'));
let db: DuckDbHandle;
let model: Embedder;

const NOUNS = ['chair', 'table', 'lamp', 'sofa', 'desk', 'shelf', 'rug', 'mirror', 'bench', 'stool'];
const ADJS = ['oak', 'walnut', 'steel', 'glass', 'velvet', 'linen', 'rattan', 'marble'];
const COLORS = ['black', 'white', 'green', 'grey', 'blue', 'red'];
/** 300 rows: 240 distinct descriptions, 30 exact repeats, 20 NULL/blank cells, 10 near-duplicates. */
function rows(): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i < 240; i++) {
    out.push(
      `${ADJS[i % 8]} ${NOUNS[i % 10]} in ${COLORS[i % 6]}, model ${i}, ${i % 3 === 0 ? 'for the living room' : 'for offices'}`,
    );
  }
  for (let i = 0; i < 30; i++) out.push(out[i * 7]!);
  for (let i = 0; i < 20; i++) out.push(i % 2 ? null : i % 4 ? '   ' : '');
  for (let i = 0; i < 10; i++) out.push(`${out[i]!.toUpperCase()}!`);
  return out;
}
const DISTINCT_TEXTS = 250;
const NONBLANK = 280;

async function createSource(id: string, texts: (string | null)[]): Promise<void> {
  await withConnection(db, async (c) => {
    await c.run(`CREATE OR REPLACE TABLE ${id}__source (__line BIGINT, sku VARCHAR, description VARCHAR)`);
    const values = texts.map((t, i) => `(${i + 2}, 'SKU${i}', ${t === null ? 'NULL' : quoteLiteral(t)})`);
    await c.run(`INSERT INTO ${id}__source VALUES ${values.join(',')}`);
  });
}

/** The real model, counting the texts it is asked to embed; `fault` lets a test break it on purpose. */
function counting(
  fault?: (call: number, v: Float32Array) => void,
): ColumnEmbedder & { texts: number; calls: number } {
  const e = {
    info: model.info,
    texts: 0,
    calls: 0,
    async embed(texts: string[], signal?: AbortSignal) {
      const r = await model.embed(texts, signal);
      e.calls++;
      fault?.(e.calls, r.vectors);
      e.texts += texts.length;
      return r;
    },
  };
  return e;
}

beforeAll(async () => {
  db = await openDuckDb(join(dir, 'w.duckdb'), { threads: 2 });
  model = await loadEmbedder({ batchSize: 32 });
});
afterAll(async () => {
  await model.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await withConnection(db, async (c) => {
    const tables = await c.runAndReadAll(
      `SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '%\\_\\_embed%' ESCAPE '\\'`,
    );
    for (const [t] of tables.getRows()) await c.run(`DROP TABLE "${String(t)}"`);
  });
  await createSource('ds', rows());
});

describe('embedColumn', () => {
  it('embeds each distinct text once, stores FLOAT[384] vectors and reports progress', async () => {
    const e = counting();
    const seen: EmbedProgress[] = [];
    const r = await embedColumn(db, { datasetId: 'ds', column: 'description' }, e, {
      chunkSize: 64,
      onProgress: (p) => seen.push(p),
    });
    expect(r).toMatchObject({
      table: embedTableName('ds', 'description'),
      dimension: 384,
      rows: NONBLANK,
      rowsEmbedded: NONBLANK,
      rowsFromCache: 0,
      rowsAlreadyDone: 0,
      rowsSkipped: 20,
      textsEmbedded: DISTINCT_TEXTS,
      emptyVectors: 0,
    });
    expect(e.texts).toBe(DISTINCT_TEXTS);
    expect(r.norms!.min).toBeGreaterThan(0.999);
    expect(r.norms!.max).toBeLessThan(1.001);
    expect(r.textsPerSecond).toBeGreaterThan(0);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({
      rowsTotal: NONBLANK,
      rowsDone: NONBLANK,
      textsDone: DISTINCT_TEXTS,
      etaSeconds: 0,
    });
    expect(seen.length).toBe(1 + Math.ceil(DISTINCT_TEXTS / 64));
    expect(seen.map((p) => p.rowsDone)).toEqual([...seen.map((p) => p.rowsDone)].sort((a, b) => a - b));

    // The stored vector of a line is the model's vector of its text.
    const stored = await withConnection(db, async (c) => {
      const res = await c.runAndReadAll(
        `SELECT v.vector, typeof(v.vector) FROM "${r.table}" v WHERE __line = 5`,
      );
      return res.getRows()[0]!;
    });
    expect(stored[1]).toBe('FLOAT[384]');
    const direct = await model.embed([rows()[3]!]);
    const items = (stored[0] as { items: number[] }).items;
    // Equal up to float rounding: in a batch the sums run in another order than alone.
    items.forEach((v, i) => expect(Math.abs(v - direct.vectors[i]!)).toBeLessThan(1e-6));
  });

  it('does nothing on a re-run, and only changed texts after an edit (old texts come from the cache)', async () => {
    await embedColumn(db, { datasetId: 'ds', column: 'description' }, counting());
    const again = counting();
    const r = await embedColumn(db, { datasetId: 'ds', column: 'description' }, again);
    expect(r).toMatchObject({ rowsAlreadyDone: NONBLANK, rowsEmbedded: 0, textsEmbedded: 0 });
    expect(again.calls).toBe(0);

    await withConnection(db, async (c) => {
      await c.run(
        `UPDATE ds__source SET description = 'brand new text ' || __line WHERE __line IN (2, 3, 4)`,
      );
      // Line 5 now holds line 6's old text: cached, not re-embedded.
      await c.run(
        `UPDATE ds__source SET description = (SELECT description FROM ds__source WHERE __line = 6) WHERE __line = 5`,
      );
      await c.run(`UPDATE ds__source SET description = NULL WHERE __line = 7`);
    });
    const edited = counting();
    const r2 = await embedColumn(db, { datasetId: 'ds', column: 'description' }, edited);
    expect(edited.texts).toBe(3);
    expect(r2).toMatchObject({ rowsEmbedded: 3, rowsFromCache: 1, rows: NONBLANK - 1, rowsSkipped: 21 });
    expect(r2.rowsAlreadyDone).toBe(NONBLANK - 5);
  });

  it('shares the cache between datasets', async () => {
    await embedColumn(db, { datasetId: 'ds', column: 'description' }, counting());
    await createSource('other', [...rows().slice(0, 100), 'something not seen before', 'nor this']);
    const e = counting();
    const r = await embedColumn(db, { datasetId: 'other', column: 'description' }, e);
    expect(r.rowsFromCache).toBe(100);
    expect(r.rowsEmbedded).toBe(2);
    expect(e.texts).toBe(2);
  });

  it('keeps finished chunks when cancelled, and the next run embeds only the rest', async () => {
    const ac = new AbortController();
    const first = counting();
    await expect(
      embedColumn(db, { datasetId: 'ds', column: 'description' }, first, {
        chunkSize: 40,
        signal: ac.signal,
        onProgress: (p) => p.textsDone >= 80 && ac.abort(),
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    const committed = await withConnection(db, async (c) => {
      const res = await c.runAndReadAll(
        `SELECT count(DISTINCT __text_sha)::INTEGER FROM "${embedTableName('ds', 'description')}"`,
      );
      return Number(res.getRows()[0]![0]);
    });
    expect(committed).toBeGreaterThanOrEqual(80);
    expect(committed).toBeLessThan(DISTINCT_TEXTS);

    const second = counting();
    const r = await embedColumn(db, { datasetId: 'ds', column: 'description' }, second, { chunkSize: 40 });
    expect(second.texts).toBe(DISTINCT_TEXTS - committed);
    expect(r.textsEmbedded).toBe(DISTINCT_TEXTS - committed);
    expect(r.rowsAlreadyDone + r.rowsFromCache + r.rowsEmbedded).toBe(NONBLANK);
    expect(r.rows).toBe(NONBLANK);
  });

  it('resumes after a crash in the middle of a run (the model dies on its 4th chunk)', async () => {
    const dying = counting((call) => {
      if (call === 4) throw new Error('worker died');
    });
    await expect(
      embedColumn(db, { datasetId: 'ds', column: 'description' }, dying, { chunkSize: 30 }),
    ).rejects.toThrow('worker died');
    // Chunks 1-3 are committed; the 5th, sent ahead while the 4th was embedded, is dropped unwritten.
    const committed = await withConnection(db, async (c) => {
      const res = await c.runAndReadAll(
        `SELECT count(DISTINCT __text_sha)::INTEGER FROM "${embedTableName('ds', 'description')}"`,
      );
      return Number(res.getRows()[0]![0]);
    });
    expect(committed).toBe(90);
    expect(dying.texts).toBe(120);
    const second = counting();
    const r = await embedColumn(db, { datasetId: 'ds', column: 'description' }, second, { chunkSize: 30 });
    expect(second.texts).toBe(DISTINCT_TEXTS - 90);
    expect(r.rows).toBe(NONBLANK);
  });

  it('rejects NaN vectors and wrong norms with MODEL_INVALID naming a line, committing nothing of that chunk', async () => {
    const nan = counting((call, v) => call === 2 && (v[5] = Number.NaN));
    const err = await embedColumn(db, { datasetId: 'ds', column: 'description' }, nan, {
      chunkSize: 50,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringMatching(/NaN in the vector of line \d+/),
    });
    const stored = await withConnection(db, async (c) =>
      Number(
        (
          await c.runAndReadAll(
            `SELECT count(DISTINCT __text_sha) FROM "${embedTableName('ds', 'description')}"`,
          )
        ).getRows()[0]![0],
      ),
    );
    expect(stored).toBe(50);

    const scaled = counting((_call, v) => v.forEach((x, i) => (v[i] = x * 2)));
    await expect(embedColumn(db, { datasetId: 'ds', column: 'description' }, scaled)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      message: expect.stringContaining('not 1'),
    });
  });

  it('starts the column over when the model changes', async () => {
    await embedColumn(db, { datasetId: 'ds', column: 'description' }, counting());
    const other: ColumnEmbedder = {
      info: { ...model.info, modelId: `${model.info.modelId}-v2` },
      embed: (t) => model.embed(t),
    };
    const r = await embedColumn(db, { datasetId: 'ds', column: 'description' }, other);
    expect(r).toMatchObject({
      rowsAlreadyDone: 0,
      rowsFromCache: 0,
      rowsEmbedded: NONBLANK,
      modelId: other.info.modelId,
    });
  });

  it("keeps a column's vectors once (no cache copy), moving them to the cache only when they leave the column", async () => {
    const cached = () =>
      withConnection(db, async (c) =>
        Number((await c.runAndReadAll(`SELECT count(*) FROM __embed_cache_384`)).getRows()[0]![0]),
      );
    await embedColumn(db, { datasetId: 'ds', column: 'description' }, counting());
    expect(await cached()).toBe(0);

    // A text edited away and back comes from the cache: its vector moved there when the edit dropped it.
    const original = rows()[0]!;
    await withConnection(db, (c) =>
      c.run(`UPDATE ds__source SET description = 'a passing edit' WHERE __line = 2`),
    );
    await embedColumn(db, { datasetId: 'ds', column: 'description' }, counting());
    // Line 2's old vector left the column for the cache (its text is also still on line 242).
    expect(await cached()).toBe(1);
    await withConnection(db, (c) =>
      c.run(`UPDATE ds__source SET description = 'edited ' || __line WHERE __line IN (3, 4)`),
    );
    await embedColumn(db, { datasetId: 'ds', column: 'description' }, counting());
    expect(await cached()).toBe(3);
    await withConnection(db, async (c) => {
      await c.run(`UPDATE ds__source SET description = ${quoteLiteral(original)} WHERE __line = 2`);
      await c.run(`UPDATE ds__source SET description = ${quoteLiteral(rows()[1]!)} WHERE __line = 3`);
    });
    const back = counting();
    const r = await embedColumn(db, { datasetId: 'ds', column: 'description' }, back);
    expect(back.texts).toBe(0);
    expect(r.rowsFromCache).toBe(2);

    // A switch to another model and back: the first model's vectors wait in the cache.
    const other: ColumnEmbedder = {
      info: { ...model.info, modelId: `${model.info.modelId}-v2` },
      embed: (t) => model.embed(t),
    };
    await embedColumn(db, { datasetId: 'ds', column: 'description' }, other);
    const again = counting();
    const r2 = await embedColumn(db, { datasetId: 'ds', column: 'description' }, again);
    expect(again.texts).toBe(0);
    expect(r2).toMatchObject({ rowsFromCache: NONBLANK, rowsEmbedded: 0, rows: NONBLANK });
  });

  it('stores NULL for a text without any feature and leaves it out of searches', async () => {
    // A lone combining accent is not blank, but has no letters left once accents are dropped.
    await createSource('marks', ['red chair', '\u0301', 'red chairs']);
    const r = await embedColumn(db, { datasetId: 'marks', column: 'description' }, counting());
    expect(r).toMatchObject({ rows: 3, emptyVectors: 1, rowsEmbedded: 3 });
    const nulls = await withConnection(db, async (c) =>
      (await c.runAndReadAll(`SELECT __line FROM "${r.table}" WHERE vector IS NULL`)).getRows(),
    );
    expect(nulls).toEqual([[3n]]);
    const hits = await withConnection(db, (c) => similar(c, 'marks', 'description', { line: 2 }, 5));
    expect(hits.map((h) => h.line)).toEqual([4]);
  });

  it('names the columns when asked for one that does not exist', async () => {
    await expect(embedColumn(db, { datasetId: 'ds', column: 'nope' }, counting())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { hint: 'Columns: sku, description.' },
    });
  });
});

describe('similar', () => {
  it('finds the near-duplicates of a row first and never the row itself', async () => {
    await embedColumn(db, { datasetId: 'ds', column: 'description' }, counting());
    const hits = await withConnection(db, (c) => similar(c, 'ds', 'description', { line: 2 }, 3));
    expect(hits).toHaveLength(3);
    expect(hits.map((h) => h.line)).not.toContain(2);
    // Line 2's text is repeated on line 242 and shouted on line 292.
    expect(
      hits
        .slice(0, 2)
        .map((h) => h.line)
        .sort(),
    ).toEqual([242, 292]);
    expect(hits[0]!.score).toBeCloseTo(1, 5);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
    expect(hits[1]!.score).toBeGreaterThanOrEqual(hits[2]!.score);
  });

  it('searches by a query vector of the right model and dimension', async () => {
    await embedColumn(db, { datasetId: 'ds', column: 'description' }, counting());
    const q = await model.embed(['walnut stool in grey for the living room, model 9']);
    const hits = await withConnection(db, (c) =>
      similar(c, 'ds', 'description', { vector: q.vectors }, 5, { modelId: model.info.modelId }),
    );
    // Line 11 and its shouted copy on line 301 share every feature, so they tie for first place.
    expect(hits.slice(0, 2).map((h) => h.line)).toEqual([11, 301]);
    expect(hits[0]!.text).toBe('walnut stool in grey, model 9, for the living room');
    expect(hits[0]!.score).toBeGreaterThan(hits[2]!.score);
    await expect(
      withConnection(db, (c) => similar(c, 'ds', 'description', { vector: [1, 2, 3] }, 5)),
    ).rejects.toMatchObject({ code: 'BAD_USAGE' });
    await expect(
      withConnection(db, (c) =>
        similar(c, 'ds', 'description', { vector: q.vectors }, 5, { modelId: 'other@1' }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('searches by a query text embedded with the column’s model', async () => {
    await embedColumn(db, { datasetId: 'ds', column: 'description' }, counting());
    const hits = await withConnection(db, (c) =>
      similarToText(c, 'ds', 'description', 'Walnut Stool in grey for the living room, model 9', model, 2),
    );
    expect(hits.map((h) => h.line)).toEqual([11, 301]);
    await expect(
      withConnection(db, (c) => similarToText(c, 'ds', 'description', '  ', model)),
    ).rejects.toMatchObject({ code: 'BAD_USAGE' });
  });

  it('says the column is not embedded yet, and that an empty row has no vector', async () => {
    await expect(
      withConnection(db, (c) => similar(c, 'ds', 'description', { line: 2 })),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await embedColumn(db, { datasetId: 'ds', column: 'description' }, counting());
    await expect(
      withConnection(db, (c) => similar(c, 'ds', 'description', { line: 272 })),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
