// The embed phase with the model in the real worker pool (workers/pool.ts → dist/workers/tasks/embed.js, whose
// vectors are moved back rather than copied): the same vectors as in this thread, chunks committed with several
// sent ahead, and DuckDB's checkpoint threshold put back when the run ends.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import { embedColumn } from '../../core/embed/embed-column.js';
import { embedTableName } from '../../core/embed/embed-tables.js';
import { openLocalEmbedder, openPooledEmbedder } from '../../core/embed/open-embedder.js';
import { createWorkerPool, type WorkerPool } from '../../workers/pool.js';
import { ensureDist } from '../fixtures/pipelines/ensure-dist.js';

const TEXTS = 1500;
let pool: WorkerPool;
let dir: string;
let db: DuckDbHandle;

beforeAll(async () => {
  ensureDist();
  pool = createWorkerPool({ threads: 2 });
  dir = await mkdtemp(join(tmpdir(), 'sluice-embed-workers-'));
  db = await openDuckDb(join(dir, 'w.duckdb'), { threads: 2 });
  await withConnection(db, (c) =>
    c.run(
      `CREATE TABLE ds__source AS SELECT i AS __line, 'item ' || i || ' of kind ' || (i % 7) AS text
       FROM range(1, ${TEXTS + 1}) t(i)`,
    ),
  );
});
afterAll(async () => {
  await pool.close();
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const threshold = () =>
  withConnection(db, async (c) =>
    String((await c.runAndReadAll(`SELECT current_setting('checkpoint_threshold')`)).getRows()[0]?.[0]),
  );

describe('embedColumn with the model in worker threads', () => {
  it('stores the vectors the model gives in this thread, for every line, and restores the threshold', async () => {
    const before = await threshold();
    const pooled = await openPooledEmbedder(pool, { threads: 1 });
    const progress: number[] = [];
    const r = await embedColumn(db, { datasetId: 'ds', column: 'text' }, pooled, {
      chunkSize: 200,
      onProgress: (p) => progress.push(p.textsDone),
    });
    expect(r).toMatchObject({ rows: TEXTS, textsEmbedded: TEXTS, rowsEmbedded: TEXTS });
    expect(progress.at(-1)).toBe(TEXTS);
    expect(await threshold()).toBe(before);

    const local = await openLocalEmbedder({});
    try {
      const sample = ['item 1 of kind 1', 'item 777 of kind 0', `item ${TEXTS} of kind ${TEXTS % 7}`];
      const want = await local.embed(sample);
      const got = await withConnection(db, async (c) => {
        const res = await c.runAndReadAll(
          `SELECT s.text, v.vector FROM "${embedTableName('ds', 'text')}" v JOIN ds__source s USING (__line)
           WHERE s.text IN (${sample.map((t) => `'${t}'`).join(', ')})`,
        );
        return new Map(res.getRowObjectsJS().map((o) => [String(o.text), o.vector as number[]]));
      });
      sample.forEach((t, i) => {
        const stored = got.get(t);
        expect(stored).toHaveLength(384);
        // Batches differ between the threads, so the last bits of a sum may too.
        stored!.forEach((x, d) => expect(x).toBeCloseTo(want.vectors[i * 384 + d]!, 6));
      });
    } finally {
      await local.close();
    }
  });
});
