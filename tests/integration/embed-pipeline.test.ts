// The pipeline's embed phase through createEmbedAdapter with the real lexical model: the stage gains a
// FLOAT[384] column with no NaN/Inf and unit norms (NULL for blank texts), and a run cancelled in the middle of
// its embed phase resumes without embedding again any text it had already committed.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import { cacheTable } from '../../core/embed/embed-tables.js';
import { createEmbedAdapter } from '../../core/embed/pipeline-adapter.js';
import type { EmbedColumnResult } from '../../core/embed/embed-column.js';
import {
  createInlineTaskPool,
  getRun,
  parsePipeline,
  runPipeline,
  type TaskPool,
} from '../../core/pipeline/index.js';

let dir: string;
let db: DuckDbHandle;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-embed-pipeline-'));
  db = await openDuckDb(join(dir, 'workspace.duckdb'), { threads: 2 });
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const query = (sql: string) =>
  withConnection(db, async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());

// 2000 rows: every 10th blank, every 7th a repeat of an earlier text (same vector, embedded once).
const GEN = `SELECT i AS __line, i % 3 AS grp,
  CASE WHEN i % 10 = 0 THEN '  ' WHEN i % 7 = 0 THEN 'repeated product text'
       ELSE 'product ' || i || ' made of ' || (['steel', 'wood', 'cotton'])[i % 3 + 1] END AS note
  FROM range(1, 2001) t(i)`;

function pipelineJson(chunkRows: number) {
  return {
    name: 'emb',
    config: { chunkRows },
    phases: [
      { name: 'gen', type: 'custom', sql: GEN },
      { name: 'vectors', type: 'embed', options: { column: 'note', output: 'note_vec' } },
      { name: 'after', type: 'transform', sql: 'SELECT __line, note, note_vec FROM stage WHERE grp <> 2' },
    ],
  };
}

describe('embed phase (createEmbedAdapter)', () => {
  it('adds a FLOAT[384] column with finite, unit-norm vectors; blank texts get NULL', async () => {
    const results: EmbedColumnResult[] = [];
    const rec = await runPipeline({
      pipeline: await parsePipeline(pipelineJson(100_000)),
      project: { db, dir },
      runId: 'e1',
      pool: createInlineTaskPool(2),
      adapters: { embed: createEmbedAdapter({ onResult: (r) => results.push(r) }) },
    });
    expect(rec.status).toBe('done');
    expect(rec.phases[1]).toMatchObject({ name: 'vectors', status: 'done', rowsIn: 2000, rowsOut: 2000 });
    const [type] = await query(
      `SELECT data_type FROM duckdb_columns() WHERE table_name = 'e1__vectors' AND column_name = 'note_vec'`,
    );
    expect(type).toEqual({ data_type: 'FLOAT[384]' });
    const [stats] = await query(`SELECT
        count(*) FILTER (WHERE note_vec IS NULL)::INTEGER AS nulls,
        count(*) FILTER (WHERE note_vec IS NULL AND trim(note) <> '')::INTEGER AS missing,
        count(*) FILTER (WHERE list_bool_or(list_transform(note_vec::FLOAT[], x -> isnan(x) OR isinf(x))))::INTEGER AS bad,
        min(sqrt(list_sum(list_transform(note_vec::FLOAT[], x -> x * x))))::DOUBLE AS min_norm,
        max(sqrt(list_sum(list_transform(note_vec::FLOAT[], x -> x * x))))::DOUBLE AS max_norm,
        count(DISTINCT note_vec)::INTEGER AS distinct_vectors
      FROM e1__vectors`);
    expect(stats).toMatchObject({ nulls: 200, missing: 0, bad: 0 });
    expect(stats?.min_norm).toBeCloseTo(1, 4);
    expect(stats?.max_norm).toBeCloseTo(1, 4);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ dimension: 384, rows: 1800, rowsSkipped: 200 });
    // Distinct texts = distinct vectors (a repeated text is embedded once and shared).
    expect(results[0]?.textsEmbedded).toBe(stats?.distinct_vectors);
    // The next phase reads the stage, and the scratch vectors table is gone.
    expect((await query(`SELECT count(*)::INTEGER AS n FROM e1__after`))[0]).toEqual({ n: 1333 });
    expect(await query(`SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '%vectors__%'`)).toEqual(
      [],
    );
  });

  it('resumes a cancelled embed phase without embedding again what it had committed', async () => {
    const results: EmbedColumnResult[] = [];
    const adapters = { embed: createEmbedAdapter({ onResult: (r) => results.push(r) }) };
    const pipeline = await parsePipeline(pipelineJson(150));
    const ctrl = new AbortController();
    // Cancelled as the fourth chunk is sent to the model, when the first is committed (whatever the machine's
    // speed: progress events come at most four a second, so a fast machine finished before one said 450 rows).
    const inline = createInlineTaskPool(1);
    let chunksSent = 0;
    const pool: TaskPool = {
      threads: inline.threads,
      run: (task, payload, opts) => {
        const texts = (payload as { texts?: string[] }).texts ?? [];
        if (task === 'embed' && texts.length > 0 && ++chunksSent === 4) ctrl.abort();
        return inline.run(task, payload, opts);
      },
    };
    const run = runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'cut',
      pool,
      adapters,
      signal: ctrl.signal,
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await getRun(db, 'cut')).phases[1]?.status).not.toBe('done');
    const cached = async () =>
      Number((await query(`SELECT count(*)::INTEGER AS n FROM ${cacheTable(384)}`))[0]?.n ?? 0);
    const committed = await cached();
    expect(committed).toBeGreaterThan(0);
    expect(results).toEqual([]);

    const resumed = await runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'cut',
      resume: true,
      pool: createInlineTaskPool(1),
      adapters,
    });
    expect(resumed.status).toBe('done');
    expect(results).toHaveLength(1);
    const total = await cached();
    // Every distinct text is in the cache exactly once: the resumed try embedded only the ones not committed.
    expect(results[0]?.textsEmbedded).toBe(total - committed);
    expect(results[0]?.rowsFromCache).toBeGreaterThan(0);
    expect((results[0]?.rowsEmbedded ?? 0) + (results[0]?.rowsFromCache ?? 0)).toBe(1800);

    // The same result as a run that was never interrupted (now entirely from the cache).
    await runPipeline({
      pipeline,
      project: { db, dir },
      runId: 'straight',
      pool: createInlineTaskPool(1),
      adapters,
    });
    expect(results[1]).toMatchObject({ textsEmbedded: 0, rowsFromCache: 1800 });
    const dump = (t: string) =>
      query(`SELECT __line::INTEGER AS line, md5(note_vec::VARCHAR) AS h FROM ${t} ORDER BY __line`).then(
        JSON.stringify,
      );
    expect(await dump('cut__vectors')).toBe(await dump('straight__vectors'));
  });

  it('refuses options it does not understand', async () => {
    const bad = pipelineJson(100_000);
    (bad.phases[1] as { options: unknown }).options = { column: 'note', colour: 'red' };
    await expect(
      runPipeline({
        pipeline: await parsePipeline(bad),
        project: { db, dir },
        runId: 'bad',
        adapters: { embed: createEmbedAdapter() },
      }),
    ).rejects.toMatchObject({
      code: 'PIPELINE_INVALID',
      message: expect.stringMatching(/unknown option colour/),
    });
  });
});
