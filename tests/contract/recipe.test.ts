// The recipe part of the contract against the real engine, in process and through the HTTP+WebSocket bridge:
// apply a suggestion → findings drop → undo → they return → redo; a grid edit; disable/remove a step;
// export/import round trip; preview; reopening the project restores the recipe. Then engine-only scenarios
// (steps reading findings, a schema that no longer fits, cancel, stage GC). Over 400 lines because they
// share the fixtures above; each describe stands alone.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import type { AppBridge, AppEvents } from '../../core/contract/api.js';
import type { Operation, Recipe } from '../../core/contract/recipe.js';
import { createEngine, type Engine } from '../../core/engine/index.js';
import { createHttpBridge, type SocketCtor } from '../../renderer/bridge/http.js';
import { startServer } from '../../server/http-server.js';
import { code, value } from './contract-suite.js';

// Line numbers: header 1, data from 2. Four dates in DD/MM/YYYY, one hopeless, a status typo, a blank city.
const CSV = [
  'id,order_date,status,city',
  '1,2024-01-05,shipped,Zürich',
  '2,05/01/2024,shiped,Paris',
  '3,17/02/2024,shipped,',
  '4,2024-03-01,pending,Köln',
  '5,31/12/2023,shipped,Oslo',
  '6,tomorrow,pending,Paris',
  '7,01/06/2024,SHIPPED,Paris',
  '',
].join('\n');
const SCHEMA = {
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true, unique: true } },
    { name: 'order_date', type: 'date' },
    { name: 'status', type: 'string', constraints: { enum: ['shipped', 'pending'] } },
    { name: 'city', type: 'string' },
  ],
};

interface Fixture {
  bridge: AppBridge;
  dir: string;
  /** A fresh engine over the same folders (as reopening the app). */
  reopen(): Promise<AppBridge>;
  dispose(): Promise<void>;
}

async function inProcess(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-recipe-contract-'));
  const engines: Engine[] = [createEngine({ openDb: openDuckDb })];
  return {
    bridge: engines[0] as Engine,
    dir,
    async reopen() {
      await engines[engines.length - 1]?.close();
      const e = createEngine({ openDb: openDuckDb });
      engines.push(e);
      return e;
    },
    async dispose() {
      for (const e of engines) await e.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function overHttp(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-recipe-http-'));
  const closers: (() => Promise<void>)[] = [];
  const serve = async (): Promise<AppBridge> => {
    const engine = createEngine({ openDb: openDuckDb });
    const server = await startServer({ api: engine, log: { info() {}, warn() {}, error() {} } });
    const bridge = createHttpBridge({
      baseUrl: `http://127.0.0.1:${server.port}`,
      token: server.token,
      WebSocket: WebSocket as unknown as SocketCtor,
    });
    bridge.on('jobs.finished', () => {});
    await bridge.connected();
    closers.push(async () => {
      bridge.close();
      await server.close();
      await engine.close();
    });
    return bridge;
  };
  const bridge = await serve();
  return {
    bridge,
    dir,
    async reopen() {
      await closers[closers.length - 1]?.();
      closers.pop();
      return serve();
    },
    async dispose() {
      for (const c of closers) await c();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function recipeSuite(name: string, make: () => Promise<Fixture>): void {
  describe(`recipe contract: ${name}`, () => {
    let fx: Fixture;
    let api: AppBridge;
    let datasetId = '';
    let file = '';
    const project = () => join(fx.dir, 'project');
    const cities = async () =>
      value(await api['datasets.rows']({ datasetId, offset: 0, limit: 100 })).rows.map((r) => r[3]);
    // The lines whose order_date the grid marks: the findings follow the stage at the cursor.
    const dateMarks = async () =>
      value(await api['datasets.rows']({ datasetId, offset: 0, limit: 100, marks: true }))
        .marks!.filter((m) => m.column === 'order_date')
        .map((m) => [m.line, m.rule]);

    beforeAll(async () => {
      fx = await make();
      api = fx.bridge;
      file = join(fx.dir, 'orders.csv');
      writeFileSync(file, CSV);
      datasetId = value(await api['datasets.open']({ path: file, projectDir: project() })).datasetId;
      value(await api['datasets.waitForImport']({ datasetId }));
      value(await api['schema.set']({ datasetId, schema: SCHEMA }));
    });
    afterAll(() => fx.dispose());

    it('starts with an empty recipe at the source', async () => {
      const v = value(await api['recipe.get']({ datasetId }));
      expect(v).toMatchObject({ cursor: 0, canUndo: false, canRedo: false, rows: 7, results: [] });
      expect(v.columns).toEqual(['id', 'order_date', 'status', 'city']);
      expect(v.recipe.steps).toEqual([]);
    });

    it('suggestions need a validation first', async () => {
      expect(code(await api['suggestions.list']({ datasetId }))).toBe('NOT_FOUND');
    });

    it('applies a suggestion: findings drop; undo brings them back; redo drops them again', async () => {
      const first = value(await api['validation.run']({ datasetId }));
      expect(first.byColumn.order_date?.type).toBe(5);
      expect(first.byColumn.status?.enum).toBe(2);
      const suggestions = value(await api['suggestions.list']({ datasetId, column: 'order_date' }));
      const parse = suggestions.find((s) => s.op.op === 'parseDate');
      expect(parse).toMatchObject({ column: 'order_date', rule: 'type', findingsFixed: 4, findingsTotal: 5 });
      expect(parse?.title).toMatch(/fixes 4 of 5 findings/);

      const changes: AppEvents['recipe.changed'][] = [];
      const off = api.on('recipe.changed', (e) => changes.push(e));
      const applied = value(await api['recipe.apply']({ datasetId, op: parse!.op }));
      expect(applied.step).toMatchObject({ op: 'parseDate', rowsChanged: 4, rowsIn: 7, rowsOut: 7 });
      expect(applied.findings?.byColumn.order_date?.type).toBe(1);
      expect(applied.findings?.total).toBe(first.total - 4);
      expect(value(await api['findings.summary']({ datasetId })).byColumn.order_date?.type).toBe(1);
      const rows = value(await api['datasets.rows']({ datasetId, offset: 0, limit: 3 }));
      expect(rows.rows.map((r) => r[1])).toEqual(['2024-01-05', '2024-01-05', '2024-02-17']);
      expect(rows.lines).toEqual([2, 3, 4]);
      expect(await dateMarks()).toEqual([[7, 'type']]);

      const undone = value(await api['recipe.undo']({ datasetId }));
      expect(undone).toMatchObject({ cursor: 0, canRedo: true, redoSteps: 1 });
      expect(undone.findings?.byColumn.order_date?.type).toBe(5);
      expect(value(await api['findings.summary']({ datasetId })).total).toBe(first.total);
      const src = value(await api['datasets.rows']({ datasetId, offset: 1, limit: 1 }));
      expect(src.rows[0]?.[1]).toBe('05/01/2024');
      expect((await dateMarks()).map(([line]) => line)).toEqual([3, 4, 6, 7, 8]);

      const redone = value(await api['recipe.redo']({ datasetId }));
      expect(redone.cursor).toBe(1);
      expect(redone.results[0]).toMatchObject({ cached: true, rowsChanged: 4 });
      expect(redone.findings?.byColumn.order_date?.type).toBe(1);
      expect(await dateMarks()).toEqual([[7, 'type']]);
      await new Promise((r) => setTimeout(r, 50)); // events travel over the socket
      off();
      expect(changes.map((c) => c.cursor)).toEqual([1, 0, 1]);
    });

    it('previews an operation on the current stage without changing it', async () => {
      const p = value(
        await api['recipe.preview']({
          datasetId,
          op: { op: 'changeCase', case: 'lower', columns: ['status'] },
          rows: 3,
        }),
      );
      expect(p).toMatchObject({ rowsChanged: 1, rowsIn: 7, rowsOut: 7 });
      expect(p.rows[0]).toMatchObject({ line: 8, changed: true });
      expect(p.rows[0]?.before?.[2]).toBe('SHIPPED');
      expect(p.rows[0]?.after?.[2]).toBe('shipped');
      expect(p.rows[0]?.after?.[1]).toBe('2024-06-01'); // the preview starts from the current stage
      expect(value(await api['recipe.get']({ datasetId })).cursor).toBe(1);
    });

    it('a grid edit is an editCell step; after an undo a new step needs confirmation', async () => {
      const edit = value(
        await api['recipe.apply']({
          datasetId,
          op: { op: 'editCell', line: 4, column: 'city', value: 'Genève', previous: null },
        }),
      );
      expect(edit.step).toMatchObject({ op: 'editCell', rowsChanged: 1 });
      expect((await cities())[2]).toBe('Genève');
      value(await api['recipe.undo']({ datasetId }));
      const typo: Operation = {
        op: 'mapValues',
        columns: ['status'],
        mapping: [{ from: 'shiped', to: 'shipped' }],
      };
      const refused = await api['recipe.apply']({ datasetId, op: typo });
      expect(code(refused)).toBe('CONFLICT');
      if (!refused.ok) expect(refused.error.details.redoSteps).toBe(1);
      const mapped = value(await api['recipe.apply']({ datasetId, op: typo, confirmDropRedo: true }));
      expect(mapped).toMatchObject({ cursor: 2, redoSteps: 0 });
      expect(mapped.recipe.steps.map((s) => s.op.op)).toEqual(['parseDate', 'mapValues']);
      expect(mapped.findings?.byColumn.status?.enum).toBe(1);
      value(
        await api['recipe.apply']({
          datasetId,
          op: { op: 'editCell', line: 4, column: 'city', value: 'Genève' },
        }),
      );
    });

    it('disables, re-enables and removes a step', async () => {
      const steps = value(await api['recipe.get']({ datasetId })).recipe.steps;
      const parseId = steps[0]!.id;
      const off = value(await api['recipe.setEnabled']({ datasetId, stepId: parseId, enabled: false }));
      expect(off.results[0]).toMatchObject({ enabled: false, rowsChanged: 0 });
      expect(off.findings?.byColumn.order_date?.type).toBe(5);
      expect((await cities())[2]).toBe('Genève'); // later steps still apply
      const on = value(await api['recipe.setEnabled']({ datasetId, stepId: parseId, enabled: true }));
      expect(on.findings?.byColumn.order_date?.type).toBe(1);
      expect(on.results.every((r) => r.cached)).toBe(true);
      const removed = value(await api['recipe.remove']({ datasetId, stepId: steps[2]!.id }));
      expect(removed.recipe.steps).toHaveLength(2);
      expect((await cities())[2]).toBeNull();
      expect(code(await api['recipe.remove']({ datasetId, stepId: 'no-such-step' }))).toBe('NOT_FOUND');
    });

    it('exports the recipe and imports it again (round trip)', async () => {
      const path = join(fx.dir, 'fixes.recipe.json');
      const ex = value(await api['recipe.export']({ datasetId, path, name: 'orders fixes' }));
      expect(ex.steps).toBe(2);
      const written = JSON.parse(readFileSync(path, 'utf8')) as Recipe;
      expect(written).toMatchObject({ format: 'sluice-recipe', name: 'orders fixes' });
      expect(written.columns).toEqual(['id', 'order_date', 'status', 'city']);
      expect(code(await api['recipe.import']({ datasetId, path }))).toBe('CONFLICT');
      const imported = value(await api['recipe.import']({ datasetId, path, confirmReplace: true }));
      expect(imported.recipe.steps.map((s) => s.op)).toEqual(written.steps.map((s) => s.op));
      expect(imported).toMatchObject({ cursor: 2, rows: 7 });
      expect(imported.findings?.total).toBe(2); // order_date 'tomorrow', status 'SHIPPED'
      writeFileSync(
        join(fx.dir, 'bad.json'),
        '{"format": "sluice-recipe", "version": 1, "steps": [{"op": 1}]}',
      );
      const bad = await api['recipe.import']({
        datasetId,
        path: join(fx.dir, 'bad.json'),
        confirmReplace: true,
      });
      expect(code(bad)).toBe('RECIPE_INVALID');
    });

    it('finds clusters and PII on the current stage; offers the recipe JSON Schema', async () => {
      const clusters = value(await api['clusters.find']({ datasetId, column: 'status' }));
      expect(clusters[0]?.values.map((v) => v.value).sort()).toEqual(['SHIPPED', 'shipped']);
      expect(value(await api['pii.detect']({ datasetId }))).toEqual([]);
      const schema = value(await api['recipe.jsonSchema']({}));
      expect(JSON.stringify(schema)).toContain('parseDate');
      expect(code(await api['clusters.find']({ datasetId, column: 'nope' }))).toBe('NOT_FOUND');
    });

    it('reopening the project restores the recipe and the current view', async () => {
      api = await fx.reopen();
      value(await api['datasets.open']({ path: file, projectDir: project() }));
      const v = value(await api['recipe.get']({ datasetId }));
      expect(v).toMatchObject({ cursor: 2, rows: 7 });
      expect(v.results.every((r) => r.cached)).toBe(true);
      const rows = value(await api['datasets.rows']({ datasetId, offset: 0, limit: 2 }));
      expect(rows.rows[1]?.[1]).toBe('2024-01-05');
      expect(rows.rows[1]?.[2]).toBe('shipped');
      const undone = value(await api['recipe.undo']({ datasetId }));
      expect(undone.findings?.byColumn.status?.enum).toBe(2);
    });
  });
}

recipeSuite('engine (in process)', inProcess);
recipeSuite('HTTP bridge → server → engine', overHttp);

describe('recipe: steps that read findings', () => {
  it('a step scoped to findings reads those of its own input when recomputed', async () => {
    const fx = await inProcess();
    try {
      const api = fx.bridge;
      const file = join(fx.dir, 'qty.csv');
      writeFileSync(file, ['id,code,qty', '1, a ,5', '2,b,N/A', '3, c,x', '4,d,7', ''].join('\n'));
      const { datasetId } = value(await api['datasets.open']({ path: file, projectDir: join(fx.dir, 'p') }));
      value(await api['datasets.waitForImport']({ datasetId }));
      const schema = {
        fields: [
          { name: 'id', type: 'integer' },
          { name: 'code', type: 'string' },
          { name: 'qty', type: 'integer' },
        ],
      };
      value(await api['schema.set']({ datasetId, schema }));
      value(await api['validation.run']({ datasetId }));
      const trim = value(await api['recipe.apply']({ datasetId, op: { op: 'trim', columns: ['code'] } }));
      const drop = value(
        await api['recipe.apply']({
          datasetId,
          op: { op: 'dropRowsWithFindings', column: 'qty', rule: 'type' },
        }),
      );
      expect(drop).toMatchObject({ rows: 2, findings: { total: 0 } });
      // Disabling the first step recomputes the second from the source: it must drop the same two rows, not
      // read the findings of the last validation (none left for qty, as they were dropped).
      const off = value(
        await api['recipe.setEnabled']({ datasetId, stepId: trim.recipe.steps[0]!.id, enabled: false }),
      );
      expect(off.results[1]).toMatchObject({ cached: false, rowsChanged: 2, rowsOut: 2 });
      expect(off.rows).toBe(2);
      const rows = value(await api['datasets.rows']({ datasetId, offset: 0, limit: 10 }));
      expect(rows.lines).toEqual([2, 5]);
      expect(rows.rows.map((r) => r[1])).toEqual([' a ', 'd']);
    } finally {
      await fx.dispose();
    }
  });
});

describe('recipe: a change the schema no longer fits', () => {
  it('reports why re-validation failed and removes the findings of the previous stage', async () => {
    const fx = await inProcess();
    try {
      const api = fx.bridge;
      const file = join(fx.dir, 'drop.csv');
      writeFileSync(file, 'id,qty\n1,x\n2,3\n');
      const { datasetId } = value(await api['datasets.open']({ path: file, projectDir: join(fx.dir, 'p') }));
      value(await api['datasets.waitForImport']({ datasetId }));
      const schema = {
        fields: [
          { name: 'id', type: 'integer' },
          { name: 'qty', type: 'integer' },
        ],
      };
      value(await api['schema.set']({ datasetId, schema }));
      expect(value(await api['validation.run']({ datasetId })).total).toBe(1);
      const dropped = value(await api['recipe.apply']({ datasetId, op: { op: 'drop', columns: ['qty'] } }));
      expect(dropped.findings).toBeUndefined();
      expect(dropped.validationError).toMatchObject({ code: 'SCHEMA_INVALID' });
      expect(dropped.validationError?.message).toMatch(/qty/);
      expect(value(await api['findings.summary']({ datasetId })).total).toBe(0);
      expect(dropped.columns).toEqual(['id']);
    } finally {
      await fx.dispose();
    }
  });
});

describe('recipe: cancel', () => {
  it('cancels a step being computed; the recipe and the view stay as they were', async () => {
    const fx = await inProcess();
    try {
      const api = fx.bridge;
      const file = join(fx.dir, 'big.csv');
      const lines = ['id,text'];
      for (let i = 0; i < 300_000; i++) lines.push(`${i},Zoë ${i % 97} wörld ${i}`);
      writeFileSync(file, lines.join('\n') + '\n');
      const { datasetId } = value(await api['datasets.open']({ path: file, projectDir: join(fx.dir, 'p') }));
      value(await api['datasets.waitForImport']({ datasetId }));
      expect(value(await api['recipe.cancel']({ datasetId }))).toEqual({ cancelled: false });
      let cancel: Promise<unknown> | undefined;
      const off = api.on('recipe.progress', (p) => {
        if (p.state === 'running' && !cancel) cancel = api['recipe.cancel']({ datasetId });
      });
      const op: Operation = {
        op: 'replace',
        columns: ['text'],
        find: '(\\w+) (\\d+)',
        replacement: '\\2-\\1',
        regex: true,
      };
      const r = await api['recipe.apply']({ datasetId, op });
      off();
      expect(code(r)).toBe('CANCELLED');
      expect(value((await cancel) as Awaited<ReturnType<AppBridge['recipe.cancel']>>)).toEqual({
        cancelled: true,
      });
      const v = value(await api['recipe.get']({ datasetId }));
      expect(v).toMatchObject({ cursor: 0, rows: 300_000 });
      expect(v.recipe.steps).toEqual([]);
      const row = value(await api['datasets.rows']({ datasetId, offset: 0, limit: 1 })).rows[0];
      expect(row).toEqual(['0', 'Zoë 0 wörld 0']);
    } finally {
      await fx.dispose();
    }
  });
});

describe('recipe: stage garbage collection', () => {
  it('drops stages no recipe state can return to, and keeps the redo branch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-recipe-gc-'));
    const env = { ...process.env, SLUICE_RECIPE_GC_MIN_AGE_MS: '0' };
    const engine = createEngine({ openDb: openDuckDb, env });
    try {
      const file = join(dir, 'gc.csv');
      writeFileSync(file, 'a,b\n x ,1\ny,2\n');
      const { datasetId } = value(await engine['datasets.open']({ path: file, projectDir: join(dir, 'p') }));
      value(await engine['datasets.waitForImport']({ datasetId }));
      const upper: Operation = { op: 'changeCase', case: 'upper', columns: ['a'] };
      const lower: Operation = { op: 'changeCase', case: 'lower', columns: ['a'] };
      value(await engine['recipe.apply']({ datasetId, op: { op: 'trim', columns: ['a'] } }));
      value(await engine['recipe.apply']({ datasetId, op: upper }));
      value(await engine['recipe.undo']({ datasetId }));
      // Applying over the redo branch discards 'upper': its stage is collected with this change.
      value(await engine['recipe.apply']({ datasetId, op: lower, confirmDropRedo: true }));
      value(await engine['recipe.undo']({ datasetId }));
      // 'lower' is the redo branch now: kept, so redo is served from the cache.
      const redone = value(await engine['recipe.redo']({ datasetId }));
      expect(redone.results[1]).toMatchObject({ op: 'changeCase', cached: true });
      value(await engine['recipe.undo']({ datasetId }));
      const again = value(await engine['recipe.apply']({ datasetId, op: upper, confirmDropRedo: true }));
      expect(again.step).toMatchObject({ op: 'changeCase', cached: false });
      expect(
        value(await engine['datasets.rows']({ datasetId, offset: 0, limit: 5 })).rows.map((r) => r[0]),
      ).toEqual(['X', 'Y']);
    } finally {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
