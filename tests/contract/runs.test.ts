// The runs.* contract against the real engine, in process and through the HTTP+WebSocket bridge: start in the
// background with live events, wait, list/get/log/metrics, rollback then resume, cancel then resume, watch
// a folder, and the errors a user meets.

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import type { AppBridge, AppEvents } from '../../core/contract/api.js';
import { createEngine } from '../../core/engine/index.js';
import { createHttpBridge, type SocketCtor } from '../../renderer/bridge/http.js';
import { startServer } from '../../server/http-server.js';
import { code, value } from './contract-suite.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/pipelines');

interface Fixture {
  bridge: AppBridge;
  dispose(): Promise<void>;
}

function makeFiles(dir: string): { pipeline: string; slow: string; pg: string; csv: string } {
  const rows = ['id,qty,status'];
  for (let i = 1; i <= 400; i++) rows.push(`${i},${i % 9},${i % 5 === 0 ? ' shiped ' : 'shipped'}`);
  const csv = join(dir, 'orders.csv');
  writeFileSync(csv, `${rows.join('\n')}\n`);
  copyFileSync(join(FIXTURES, 'slow.mjs'), join(dir, 'slow.mjs'));
  const schema = {
    fields: [
      { name: 'id', type: 'integer', constraints: { required: true, unique: true } },
      { name: 'qty', type: 'integer', constraints: { minimum: 1 } },
      { name: 'status', type: 'string', constraints: { enum: ['shipped'] } },
    ],
  };
  const recipe = {
    format: 'sluice-recipe',
    version: 1,
    steps: [
      { id: 't', enabled: true, op: { op: 'trim', columns: ['status'] } },
      {
        id: 'm',
        enabled: true,
        op: { op: 'mapValues', columns: ['status'], mapping: [{ from: 'shiped', to: 'shipped' }] },
      },
    ],
  };
  const base = { source: 'orders.csv', schema, recipe, config: { chunkRows: 100 } };
  const write = (name: string, p: unknown) => {
    writeFileSync(join(dir, name), JSON.stringify(p, null, 2));
    return join(dir, name);
  };
  return {
    csv,
    pipeline: write('orders.sluice.json', {
      name: 'orders',
      ...base,
      destinations: [{ name: 'out', type: 'csv', path: 'out/orders.csv' }],
      phases: [
        'extract',
        'validate',
        'clean',
        { name: 'recheck', type: 'validate' },
        { name: 'pass', type: 'custom', module: 'slow.mjs', params: { ms: 5 } },
        'load',
      ],
    }),
    slow: write('slow.sluice.json', {
      name: 'slow',
      ...base,
      phases: ['extract', { name: 'wait', type: 'custom', module: 'slow.mjs', params: { ms: 250 } }],
    }),
    pg: write('pg.sluice.json', {
      name: 'pg',
      source: 'orders.csv',
      destinations: [{ name: 'db', type: 'postgres', options: { table: 'orders' } }],
    }),
  };
}

function runsContract(name: string, make: (env: NodeJS.ProcessEnv) => Promise<Fixture>): void {
  describe(`runs contract: ${name}`, () => {
    let fx: Fixture;
    let b: AppBridge;
    let dir: string;
    let files: ReturnType<typeof makeFiles>;
    const events: AppEvents['runs.event'][] = [];
    const progress: AppEvents['runs.progress'][] = [];
    const watched: AppEvents['runs.watched'][] = [];

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'sluice-runs-'));
      files = makeFiles(dir);
      fx = await make({ ...process.env, SLUICE_HOME: join(dir, 'home') });
      b = fx.bridge;
      b.on('runs.event', (e) => events.push(e));
      b.on('runs.progress', (e) => progress.push(e));
      b.on('runs.watched', (e) => watched.push(e));
    });
    afterAll(async () => {
      await fx?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('plans without touching anything', async () => {
      const plan = value(await b['runs.plan']({ pipelinePath: files.pipeline }));
      expect(plan.sources).toEqual([files.csv]);
      expect(plan.phases.map((p) => [p.name, p.decision])).toEqual([
        ['extract', 'run'],
        ['validate', 'run'],
        ['clean', 'run'],
        ['recheck', 'run'],
        ['pass', 'run'],
        ['load', 'run'],
      ]);
      // A load phase names where it will write, before any run has written there.
      expect(plan.phases[5]?.destinations).toEqual([
        { name: 'out', type: 'csv', path: join(dir, 'out', 'orders.csv') },
      ]);
      expect(plan.phases.slice(0, 5).every((p) => p.destinations === undefined)).toBe(true);
      const other = value(await b['runs.plan']({ pipelinePath: files.pipeline, input: files.slow }));
      expect(other.sources).toEqual([files.slow]); // --input replaces the pipeline's source
    });

    it('runs in the background with live events, then reports history, log and metrics', async () => {
      const started = value(await b['runs.start']({ pipelinePath: files.pipeline }));
      expect(started.phases.map((p) => p.type)).toEqual([
        'extract',
        'validate',
        'clean',
        'validate',
        'custom',
        'load',
      ]);
      const rec = value(await b['runs.wait']({ runId: started.runId }));
      expect(rec).toMatchObject({ status: 'done', active: false, resumable: false, rowsIn: 400 });
      expect(rec.phases.map((p) => p.status)).toEqual(Array(6).fill('done'));
      expect(rec.phases[1]?.findings).toBeGreaterThan(rec.phases[3]?.findings ?? -1);
      expect(rec.phases[3]?.findings).toBe(44); // qty 0 on rows 9, 18 … 396: the recipe leaves them
      expect(rec.phases[5]?.outputs?.[0]).toMatchObject({ destination: 'out', rows: 400 });

      const mine = events.filter((e) => e.runId === started.runId);
      expect(mine.every((e) => e.jobId === started.jobId)).toBe(true);
      expect(mine.filter((e) => e.event === 'phase.done').map((e) => e.phase)).toEqual(
        started.phases.map((p) => p.name),
      );
      const pass = progress.filter((p) => p.runId === started.runId && p.phase === 'pass');
      expect(pass.length).toBeGreaterThan(0);
      expect(pass.at(-1)).toMatchObject({ rows: 400, total: 400, fraction: 1, phaseIndex: 4, phaseCount: 6 });
      expect(pass.every((p) => p.rowsPerSec > 0)).toBe(true);
      // An extract knows no row count until it ends, but its share from bytes read gives an ETA.
      const extract = progress.filter((p) => p.runId === started.runId && p.phase === 'extract');
      expect(extract.length).toBeGreaterThan(0);
      expect(extract.every((p) => p.total === undefined && p.fraction !== undefined)).toBe(true);
      expect(extract.some((p) => p.etaSec !== undefined)).toBe(true);
      // A load knows its total before it writes; it ends at that total.
      const load = progress.filter((p) => p.runId === started.runId && p.phase === 'load');
      expect(load.at(-1)).toMatchObject({ rows: 400, total: 400, fraction: 1 });

      const list = value(await b['runs.list']({ pipelinePath: files.pipeline }));
      expect(list.map((r) => r.runId)).toContain(started.runId);
      expect(value(await b['runs.get']({ runId: started.runId })).projectDir).toBe(started.projectDir);

      const log = value(await b['runs.log']({ runId: started.runId }));
      expect(log.events[0]?.event).toBe('run.started');
      expect(log.events.at(-1)?.event).toBe('run.done');
      const clean = value(await b['runs.log']({ runId: started.runId, phase: 'clean' }));
      expect(clean.events.map((e) => e.event)).toEqual(['phase.started', 'phase.done']);

      const m = value(await b['runs.metrics']({ runId: started.runId }));
      expect(m.phases.map((p) => p.name)).toEqual(started.phases.map((p) => p.name));
      expect(m.phases.every((p) => (p.durationMs ?? -1) >= 0 && (p.startMs ?? -1) >= 0)).toBe(true);
      const chunks = m.samples.filter((s) => s.phase === 'pass');
      expect(chunks.map((s) => s.rows)).toEqual([100, 200, 300, 400]);
    });

    it('rolls back to a phase and resumes to the same result', async () => {
      const s = value(await b['runs.start']({ pipelinePath: files.pipeline, runId: 'r_roll' }));
      const first = value(await b['runs.wait']({ runId: s.runId }));
      const back = value(await b['runs.rollback']({ runId: 'r_roll', toPhase: 'clean' }));
      expect(back).toMatchObject({ status: 'rolled_back', resumable: true });
      expect(back.phases.map((p) => p.status)).toEqual([
        'done',
        'done',
        'done',
        'pending',
        'pending',
        'pending',
      ]);
      value(await b['runs.resume']({ runId: 'r_roll' }));
      const again = value(await b['runs.wait']({ runId: 'r_roll' }));
      expect(again.status).toBe('done');
      expect(again.phases.map((p) => [p.rowsOut, p.findings])).toEqual(
        first.phases.map((p) => [p.rowsOut, p.findings]),
      );
    });

    it('cancels a run mid-phase, keeps it resumable, and resumes it', async () => {
      const s = value(await b['runs.start']({ pipelinePath: files.slow }));
      await until(() => events.some((e) => e.runId === s.runId && e.event === 'phase.chunk'));
      expect(value(await b['runs.cancel']({ runId: s.runId }))).toEqual({ cancelled: true });
      expect(code(await b['runs.wait']({ runId: s.runId }))).toBe('CANCELLED');
      const stopped = value(await b['runs.get']({ runId: s.runId }));
      expect(stopped).toMatchObject({ status: 'cancelled', resumable: true, active: false });
      expect(value(await b['runs.cancel']({ runId: s.runId }))).toEqual({ cancelled: false });
      value(await b['runs.resume']({ runId: s.runId, pipelinePath: files.slow }));
      const done = value(await b['runs.wait']({ runId: s.runId }));
      expect(done).toMatchObject({ status: 'done', resumes: 1, rowsOut: 400 });
    }, 20_000);

    it('watches a folder: one run per content, duplicates skipped', async () => {
      const drops = join(dir, 'drops');
      mkdirSync(drops);
      const w = value(
        await b['runs.watch']({ dir: drops, pipelinePath: files.pipeline, stableMs: 50, pollMs: 30 }),
      );
      copyFileSync(files.csv, join(drops, 'a.csv'));
      await until(() => watched.some((e) => e.jobId === w.jobId && e.status === 'done'));
      copyFileSync(files.csv, join(drops, 'b.csv'));
      await until(() => watched.some((e) => e.jobId === w.jobId && e.status === 'duplicate'));
      expect(value(await b['jobs.cancel']({ jobId: w.jobId }))).toEqual({ cancelled: true });
      const ran = watched.find((e) => e.status === 'done');
      expect(ran?.record?.sources).toEqual([join(drops, 'a.csv')]);
      expect(value(await b['runs.get']({ runId: ran?.runId ?? '' })).status).toBe('done');
    }, 20_000);

    it('fails with the codes a user can act on', async () => {
      expect(code(await b['runs.start']({ pipelinePath: join(dir, 'nope.sluice.json') }))).toBe(
        'FILE_NOT_FOUND',
      );
      expect(code(await b['runs.start']({ pipelinePath: files.pg }))).toBe('PIPELINE_INVALID');
      expect(code(await b['runs.get']({ runId: 'r_unknown' }))).toBe('NOT_FOUND');
      expect(code(await b['runs.get']({ runId: 'r_unknown', pipelinePath: files.pipeline }))).toBe(
        'NOT_FOUND',
      );
      expect(code(await b['runs.rollback']({ runId: 'r_roll', toPhase: 'nope' }))).toBe('NOT_FOUND');
      expect(code(await b['runs.list']({}))).toBe('BAD_USAGE');
      expect(value(await b['runs.list']({ pipelinePath: files.pg }))).toEqual([]); // never ran: no project made
    });
  });
}

async function until(cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

runsContract('engine (in process)', async (env) => {
  const engine = createEngine({ openDb: openDuckDb, env });
  return { bridge: engine, dispose: () => engine.close() };
});

runsContract('HTTP bridge → server → engine', async (env) => {
  const engine = createEngine({ openDb: openDuckDb, env });
  const server = await startServer({ api: engine, log: { info() {}, warn() {}, error() {} } });
  const bridge = createHttpBridge({
    baseUrl: `http://127.0.0.1:${server.port}`,
    token: server.token,
    WebSocket: WebSocket as unknown as SocketCtor,
  });
  bridge.on('runs.event', () => {});
  await bridge.connected();
  return {
    bridge,
    dispose: async () => {
      bridge.close();
      await server.close();
      await engine.close();
    },
  };
});
