// The engine through its contract: open → background import with progress → reopen without re-import →
// a changed file is detected as stale → cancel leaves the previous import intact.

import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import type { AppApi, RequestOf, ValueOf } from '../../core/contract/api.js';
import type { JobProgress } from '../../core/contract/jobs.js';
import { createEngine, type Engine } from '../../core/engine/index.js';

let dir: string;
let engine: Engine;

async function call<M extends keyof AppApi>(method: M, req: RequestOf<M>): Promise<ValueOf<M>> {
  const res = await (
    engine[method] as (r: RequestOf<M>) => Promise<{ ok: boolean; value?: ValueOf<M>; error?: unknown }>
  )(req);
  if (!res.ok) throw new Error(JSON.stringify(res.error));
  return res.value as ValueOf<M>;
}

function writeCsv(path: string, rows: number): void {
  const lines = ['id,name,amount'];
  for (let i = 1; i <= rows; i++) lines.push(`${i},name ${i},${(i * 1.5).toFixed(2)}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-engine-'));
  engine = createEngine({ openDb: openDuckDb, env: { SLUICE_HOME: join(dir, 'home') } });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('engine: open and import', () => {
  it('imports in the background with progress events, then reopens instantly', async () => {
    const file = join(dir, 'a.csv');
    writeCsv(file, 5000);
    const progress: JobProgress[] = [];
    const off = engine.on('jobs.progress', (p) => progress.push(p));
    const info = await call('datasets.open', { path: file });
    expect(info.status).toBe('importing');
    expect(info.preview.columns).toEqual(['id', 'name', 'amount']);
    expect(info.preview.rows[0]).toEqual(['1', 'name 1', '1.50']);
    const summary = await call('datasets.waitForImport', { datasetId: info.datasetId });
    off();
    expect(summary).toMatchObject({ rowsImported: 5000, linesRejected: 0, dataRecords: 5000 });
    expect(progress.some((p) => p.kind === 'import')).toBe(true);

    const again = await call('datasets.open', { path: file });
    expect(again.status).toBe('ready');
    expect(again.importJobId).toBeUndefined();
    const page = await call('datasets.rows', { datasetId: info.datasetId, offset: 4998, limit: 10 });
    expect(page.total).toBe(5000);
    expect(page.lines).toEqual([5000, 5001]);
    expect(page.rows[1]).toEqual(['5000', 'name 5000', '7500.00']);
  });

  it('detects a changed source as stale and re-imports on request', async () => {
    const file = join(dir, 'b.csv');
    writeCsv(file, 10);
    const first = await call('datasets.open', { path: file });
    await call('datasets.waitForImport', { datasetId: first.datasetId });
    appendFileSync(file, '11,late row,1\n');
    const stale = await call('datasets.open', { path: file });
    expect(stale.status).toBe('stale');
    const re = await call('datasets.open', { path: file, reimport: true });
    expect(re.status).toBe('importing');
    expect((await call('datasets.waitForImport', { datasetId: re.datasetId })).rowsImported).toBe(11);
  });

  it('profiles, infers a schema, validates and pages findings', async () => {
    const file = join(dir, 'c.csv');
    writeFileSync(file, 'id,qty\n1,5\n2,x\n3,7\n3,8\n');
    const info = await call('datasets.open', { path: file });
    await call('datasets.waitForImport', { datasetId: info.datasetId });
    const profile = await call('profile.get', { datasetId: info.datasetId });
    expect(profile.columns.map((c) => c.name)).toEqual(['id', 'qty']);
    await call('schema.set', {
      datasetId: info.datasetId,
      schema: {
        fields: [
          { name: 'id', type: 'integer', constraints: { unique: true } },
          { name: 'qty', type: 'integer' },
        ],
      },
    });
    const v = await call('validation.run', { datasetId: info.datasetId });
    expect(v.byColumn).toEqual({ id: { unique: 2 }, qty: { type: 1 } });
    const page = await call('findings.page', {
      datasetId: info.datasetId,
      column: 'qty',
      offset: 0,
      limit: 10,
    });
    expect(page.findings).toMatchObject([{ line: 3, column: 'qty', rule: 'type', value: 'x' }]);
  });

  it('refuses a malformed schema with the field and key named', async () => {
    const file = join(dir, 'd.csv');
    writeFileSync(file, 'id\n1\n');
    const info = await call('datasets.open', { path: file });
    await call('datasets.waitForImport', { datasetId: info.datasetId });
    const res = await engine['schema.set']({
      datasetId: info.datasetId,
      schema: { fields: [{ name: 'id', type: 'integr' }] },
    });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('SCHEMA_INVALID');
      expect(res.error.message).toMatch(/id/);
    }
  });

  it('cancels an import job without leaving a half table', async () => {
    const file = join(dir, 'big.csv');
    writeCsv(file, 400_000);
    const info = await call('datasets.open', { path: file });
    expect(info.importJobId).toBeDefined();
    await call('jobs.cancel', { jobId: info.importJobId as string });
    const res = await engine['datasets.waitForImport']({ datasetId: info.datasetId });
    expect(res.ok).toBe(false);
    const after = await call('datasets.get', { datasetId: info.datasetId });
    expect(after.status).toBe('cancelled');
    const reopened = await call('datasets.open', { path: file });
    expect(reopened.status).toBe('importing');
    expect((await call('datasets.waitForImport', { datasetId: info.datasetId })).rowsImported).toBe(400_000);
  });

  it('answers unknown datasets and missing files with user errors', async () => {
    const r1 = await engine['datasets.rows']({ datasetId: 'ds_nope', offset: 0, limit: 1 });
    expect(r1.ok ? null : r1.error.code).toBe('NOT_FOUND');
    const r2 = await engine['datasets.open']({ path: join(dir, 'missing.csv') });
    expect(r2.ok ? null : r2.error).toMatchObject({
      code: 'FILE_NOT_FOUND',
      details: { file: join(dir, 'missing.csv') },
    });
  });
});
