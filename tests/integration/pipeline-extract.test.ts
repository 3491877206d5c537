// Pipelines over real files through the real importer, validator and recipe: glob sources, branches, map
// phases, and the error budget at extract (rejected lines) and at validate (findings).

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import { getRun } from '../../core/pipeline/history.js';
import { parsePipeline } from '../../core/pipeline/parse.js';
import { runPipeline } from '../../core/pipeline/runner.js';
import { REPO_ROOT } from '../fixtures/pipelines/ensure-dist.js';

const FIX = join(REPO_ROOT, 'tests/fixtures/pipelines');
let dir: string;
let db: DuckDbHandle;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sluice-extract-'));
  db = await openDuckDb(join(dir, 'workspace.duckdb'), { threads: 2 });
  await mkdir(join(dir, 'drops'));
  await writeFile(
    join(dir, 'drops', 'orders-1.csv'),
    'id,customer,email,qty,price,order_date,status\n1, Ann ,ann@example.com,2,3.5,2024-01-02,new\n2,Bob,bob-at-example,1,10,2024-01-03,shiped\n3,Cy,cy@example.com,x,1,2024-13-01,paid\n',
  );
  await writeFile(
    join(dir, 'drops', 'orders-2.csv'),
    'id,customer,email,qty,price,order_date,status\n4,Di,di@example.com,5,2,2024-02-01,paid\n5,"Ed, Jr",ed@example.com,1,1,2024-02-02,new,EXTRA\n6,Flo,flo@example.com,3,4,2024-02-03,shipped\n',
  );
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

const q = (sql: string) => withConnection(db, async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS());

function pipeline(extra: Record<string, unknown> = {}) {
  return parsePipeline(
    {
      name: 'orders',
      source: 'drops/orders-*.csv',
      schema: join(FIX, 'orders.schema.json'),
      recipe: join(FIX, 'orders.recipe.json'),
      destinations: [
        {
          name: 'clean',
          type: 'parquet',
          path: 'out/clean.parquet',
          where: '__line NOT IN (SELECT line FROM findings)',
        },
        {
          name: 'flagged',
          type: 'csv',
          path: 'out/flagged.csv',
          where: '__line IN (SELECT line FROM findings)',
          keepLine: true,
        },
      ],
      phases: [
        'extract',
        'validate',
        'clean',
        {
          name: 'shape',
          type: 'map',
          columns: { id: 'id::INTEGER', who: 'customer', amount: 'TRY_CAST(qty AS INTEGER) * price::DOUBLE' },
        },
        'load',
      ],
      ...extra,
    },
    { baseDir: dir, env: {} },
  );
}

describe('pipelines over real CSV files', () => {
  it('imports every file of a glob, validates, cleans, maps, and writes each branch', async () => {
    const rec = await runPipeline({ pipeline: await pipeline(), project: { db, dir }, runId: 'g' });
    expect(rec.status).toBe('done');
    expect(rec.sources).toEqual([join(dir, 'drops/orders-1.csv'), join(dir, 'drops/orders-2.csv')]);
    const [extract, validate] = rec.phases;
    expect(extract).toMatchObject({ rowsIn: 6, rowsOut: 5, rowsRejected: 1, chunks: 2 });
    // Lines of the second file are offset by the first file's 4 lines, so __line stays a unique row key.
    expect(await q(`SELECT __file, file_line, line, reason FROM g__extract__rejects`)).toEqual([
      { __file: join(dir, 'drops/orders-2.csv'), file_line: 3n, line: 7n, reason: 'too_many_fields' },
    ]);
    expect(validate?.findings).toBeGreaterThanOrEqual(4); // bad email, bad qty, bad date, unknown status
    const f1 = join(dir, 'drops/orders-1.csv');
    const f2 = join(dir, 'drops/orders-2.csv');
    expect(await q(`SELECT __file, __file_line, __line, who, amount FROM g__shape ORDER BY __line`)).toEqual([
      { __file: f1, __file_line: 2n, __line: 2n, who: 'Ann', amount: 7 },
      { __file: f1, __file_line: 3n, __line: 3n, who: 'Bob', amount: 10 },
      { __file: f1, __file_line: 4n, __line: 4n, who: 'Cy', amount: null },
      { __file: f2, __file_line: 2n, __line: 6n, who: 'Di', amount: 10 },
      { __file: f2, __file_line: 4n, __line: 8n, who: 'Flo', amount: 12 },
    ]);
    // Findings name lines of the stage: Bob (bad email, unknown status) and Cy (qty, date) in file 1 only.
    expect(await q(`SELECT DISTINCT line FROM g__validate__findings ORDER BY line`)).toEqual([
      { line: 3n },
      { line: 4n },
    ]);
    const flagged = await readFile(join(dir, 'out/flagged.csv'), 'utf8');
    expect(flagged.split('\n')[0]).toBe('__file,__file_line,__line,id,who,amount');
    expect(flagged.trim().split('\n')).toHaveLength(3);
    const outputs = rec.phases[4]?.outputs ?? [];
    expect(outputs.map((o) => o.destination)).toEqual(['clean', 'flagged']);
    expect((outputs[0]?.rows ?? 0) + (outputs[1]?.rows ?? 0)).toBe(5);
  });

  it('runs one file given instead of the source (CLI --input)', async () => {
    const rec = await runPipeline({
      pipeline: await pipeline(),
      project: { db, dir },
      runId: 'one',
      input: join(dir, 'drops/orders-2.csv'),
    });
    expect(rec.sources).toEqual([join(dir, 'drops/orders-2.csv')]);
    expect(rec.phases[0]).toMatchObject({ rowsIn: 3, rowsOut: 2, chunks: 1 });
    expect((await q(`DESCRIBE one__extract`)).map((r) => r.column_name)).not.toContain('__file');
  });

  it('aborts on the error budget at validate, keeping the findings to look at', async () => {
    const p = await pipeline({ errorBudget: { maxFindings: 2 } });
    const err = await runPipeline({ pipeline: p, project: { db, dir }, runId: 'b' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERROR_BUDGET_EXCEEDED', details: { phase: 'validate', runId: 'b' } });
    expect((err as Error).message).toMatch(/more than the budget of 2/);
    const rec = await getRun(db, 'b');
    expect(rec.status).toBe('failed');
    expect(rec.phases.map((x) => x.status)).toEqual(['done', 'failed', 'pending', 'pending', 'pending']);
    expect(Number((await q(`SELECT count(*) AS n FROM b__validate__findings`))[0]?.n)).toBe(
      rec.phases[1]?.findings,
    );
    // The same pipeline on the same data fails the same way on resume; the budget is not skipped.
    await expect(
      runPipeline({ pipeline: p, project: { db, dir }, runId: 'b', resume: true }),
    ).rejects.toMatchObject({
      code: 'ERROR_BUDGET_EXCEEDED',
    });
  });

  it('aborts on the error budget at extract (rejected lines), per phase', async () => {
    const p = await pipeline({ phases: [{ type: 'extract', errorBudget: { maxRatio: 0.1 } }, 'validate'] });
    await expect(runPipeline({ pipeline: p, project: { db, dir }, runId: 'e' })).rejects.toMatchObject({
      code: 'ERROR_BUDGET_EXCEEDED',
      details: { phase: 'extract' },
    });
    const ok = await pipeline({ phases: [{ type: 'extract', errorBudget: { maxRatio: 0.2 } }, 'validate'] });
    expect((await runPipeline({ pipeline: ok, project: { db, dir }, runId: 'e2' })).status).toBe('done');
  });
});
