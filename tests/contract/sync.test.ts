// The sync.* and connections.* contract against the real engine and a real PostgreSQL (embedded), in process and
// through the HTTP+WebSocket bridge: saved connections never leak their password, the dry run counts without
// writing, a sync runs as a job with live events, rejects come back as findings of rule `sync`, re-syncing the
// fixed rows loads them, history lists and details the job, and rollback restores the table exactly.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import type { Keychain } from '../../core/adapters/keyring.js';
import type { PgTarget } from '../../core/adapters/postgres.js';
import type { AppBridge, AppEvents } from '../../core/contract/api.js';
import { createEngine, type Engine } from '../../core/engine/index.js';
import { createSyncDeps } from '../../core/engine/sync-deps.js';
import { createHttpBridge, type SocketCtor } from '../../renderer/bridge/http.js';
import { startServer } from '../../server/http-server.js';
import { checksum, pgRun } from '../integration/sync-fixtures.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { code, value } from './contract-suite.js';

const ROWS = 600;
const SCHEMA = {
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true, unique: true } },
    { name: 'name', type: 'string' },
    { name: 'qty', type: 'integer', constraints: { minimum: 1 } },
  ],
  primaryKey: 'id',
};
// qty = id % 150: ids that are multiples of 150 have qty 0 (a validation finding: held back); qty ≥ 140
// breaks the target's CHECK (qty < 140) (rejected by the database).
const heldBack = Math.floor(ROWS / 150);
const rejected = Array.from({ length: ROWS }, (_, k) => k + 1).filter((i) => i % 150 >= 140).length;

/** A keychain that is never reachable (a headless box): secrets go to the encrypted file. */
const noKeychain: Keychain = {
  get: () => Promise.reject(new Error('no keychain')),
  set: () => Promise.reject(new Error('no keychain')),
  delete: () => Promise.reject(new Error('no keychain')),
};

interface Fixture {
  bridge: AppBridge;
  dispose(): Promise<void>;
}

function syncContract(name: string, wrap: (engine: Engine) => Promise<Fixture>): void {
  describe(`sync contract: ${name}`, () => {
    let server: TestPostgres;
    let dir: string;
    let fx: Fixture;
    let csv: string;
    beforeAll(async () => {
      server = await startTestPostgres();
      dir = mkdtempSync(join(tmpdir(), 'sluice-sync-contract-'));
      const home = join(dir, 'home');
      const env = { SLUICE_HOME: home };
      const engine = createEngine({
        openDb: openDuckDb,
        duckdb: { threads: 2 },
        env,
        sync: createSyncDeps({ appDir: home, env, keychain: noKeychain }),
      });
      fx = await wrap(engine);
      const lines = ['id,name,qty'];
      for (let i = 1; i <= ROWS; i++) lines.push(`${i},"name ${i}",${i % 150}`);
      csv = join(dir, 'items.csv');
      writeFileSync(csv, `${lines.join('\n')}\n`);
    });
    afterAll(async () => {
      await fx?.dispose();
      await server?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    const open = async () => {
      const b = fx.bridge;
      const info = value(await b['datasets.open']({ path: csv, projectDir: join(dir, 'project') }));
      value(await b['datasets.waitForImport']({ datasetId: info.datasetId }));
      value(await b['schema.set']({ datasetId: info.datasetId, schema: SCHEMA }));
      value(await b['validation.run']({ datasetId: info.datasetId }));
      return info.datasetId;
    };
    const urlOf = (t: PgTarget) => `postgres://${t.user}:${t.password}@${t.host}:${t.port}/${t.database}`;

    it('saves, lists, tests and removes connections without ever returning the password', async () => {
      const b = fx.bridge;
      const t = await server.freshDatabase();
      const added = value(await b['connections.add']({ name: 'prod', url: urlOf(t) }));
      expect(added).toMatchObject({ name: 'prod', host: t.host, port: t.port, hasPassword: true });
      expect(added.secretStore).toBe('file');
      const list = value(await b['connections.list']({}));
      expect(list.map((c) => c.name)).toEqual(['prod']);
      expect(JSON.stringify(list)).not.toContain(t.password!);
      const tested = value(await b['connections.test']({ name: 'prod' }));
      expect(tested.serverVersion).toMatch(/^\d+/);
      expect(tested.label).toContain(`${t.host}:${t.port}/${t.database}`);
      expect(tested.label).not.toContain(t.password!);
      expect(code(await b['connections.add']({ name: 'prod', url: urlOf(t) }))).toBe('CONFLICT');
      const wrong = await b['connections.test']({ url: urlOf({ ...t, password: 'hunter2-wrong' }) });
      expect(code(wrong)).toBe('DB_AUTH');
      expect(JSON.stringify(wrong)).not.toContain('hunter2-wrong');
      expect(value(await b['connections.remove']({ name: 'prod' }))).toEqual({ removed: true });
      expect(value(await b['connections.list']({}))).toEqual([]);
      expect(code(await b['connections.test']({ name: 'prod' }))).toBe('NOT_FOUND');
    });

    it('dry run, sync job with events, rejects as findings, re-sync of fixed rows, history, rollback', async () => {
      const b = fx.bridge;
      const t = await server.freshDatabase();
      await pgRun(t, `CREATE TABLE items (id bigint PRIMARY KEY, name text, qty bigint CHECK (qty < 140))`);
      await pgRun(t, `INSERT INTO items VALUES (100000, 'kept', 1)`);
      const before = await checksum(t, 'items');
      value(await b['connections.add']({ name: 'db', url: urlOf(t) }));
      const datasetId = await open();
      const req = {
        datasetId,
        to: 'db',
        table: 'items',
        mode: 'append' as const,
        batch: { min: 50, initial: 100 },
      };

      const dry = value(await b['sync.plan'](req));
      expect(dry.plan.createTable).toBe(false);
      expect(dry.plan.problems).toEqual([]);
      expect(dry).toMatchObject({
        rows: ROWS,
        heldBack,
        counts: { inserted: ROWS - heldBack - rejected, rejected },
      });
      expect(dry.rejects[0]).toMatchObject({ sqlstate: '23514', constraint: 'items_qty_check' });
      expect(await checksum(t, 'items')).toEqual(before);
      const bad = value(await b['sync.plan']({ ...req, mode: 'upsert', key: ['nope'] }));
      expect(bad.counts).toBeUndefined();
      expect(bad.plan.problems.some((p) => p.kind === 'key')).toBe(true);

      const progress: AppEvents['sync.progress'][] = [];
      const finished: AppEvents['sync.finished'][] = [];
      const off1 = b.on('sync.progress', (p) => progress.push(p));
      const off2 = b.on('sync.finished', (p) => finished.push(p));
      const { jobId } = value(await b['sync.run'](req));
      const r = value(await b['sync.wait']({ jobId }));
      await new Promise((res) => setTimeout(res, 100));
      off1();
      off2();
      expect(r).toMatchObject({ status: 'done', inserted: ROWS - heldBack - rejected, rejected, heldBack });
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((p) => p.jobId === jobId && p.syncId === r.syncId)).toBe(true);
      expect(finished).toEqual([expect.objectContaining({ jobId, ok: true, syncId: r.syncId })]);
      expect((await checksum(t, 'items')).rows).toBe(1 + ROWS - heldBack - rejected);

      const findings = value(await b['findings.page']({ datasetId, rule: 'sync', offset: 0, limit: 100 }));
      expect(findings.total).toBe(rejected);
      expect(findings.findings[0]).toMatchObject({ rule: 'sync', column: 'qty', line: 141 });
      expect(findings.findings[0]?.message).toContain('23514');

      // The fix is on the database side here (the check goes): the rejected rows are valid now.
      await pgRun(t, `ALTER TABLE items DROP CONSTRAINT items_qty_check`);
      const re = value(await b['sync.resyncFixed']({ syncId: r.syncId, to: 'db', datasetId }));
      const fixed = value(await b['sync.wait']({ jobId: re.jobId }));
      expect(fixed).toMatchObject({ syncId: r.syncId, rejected: 0, inserted: ROWS - heldBack, heldBack });
      expect((await checksum(t, 'items')).rows).toBe(1 + ROWS - heldBack);
      expect(value(await b['findings.page']({ datasetId, rule: 'sync', offset: 0, limit: 10 })).total).toBe(
        0,
      );

      const list = value(await b['sync.list']({ to: 'db' }));
      expect(list[0]).toMatchObject({ syncId: r.syncId, table: 'items', mode: 'append', status: 'done' });
      const detail = value(await b['sync.get']({ to: 'db', syncId: r.syncId }));
      expect(detail).toMatchObject({ inserted: ROWS - heldBack, rejected: 0, heldBack, canRollBack: true });

      const back = value(await b['sync.rollback']({ to: 'db', syncId: r.syncId }));
      expect(back.rowsDeleted).toBe(ROWS - heldBack);
      expect(await checksum(t, 'items')).toEqual(before);
      expect(value(await b['sync.get']({ to: 'db', syncId: r.syncId }))).toMatchObject({
        status: 'rolled_back',
        canRollBack: false,
      });
      expect(code(await b['sync.rollback']({ to: 'db', syncId: r.syncId }))).toBe('CONFLICT');
      value(await b['connections.remove']({ name: 'db' }));
    });

    it('answers bad requests with the right codes', async () => {
      const b = fx.bridge;
      const t = await server.freshDatabase();
      const datasetId = await open();
      expect(
        code(await b['sync.run']({ datasetId: 'ds_nope', to: urlOf(t), table: 'x', mode: 'append' })),
      ).toBe('NOT_FOUND');
      expect(code(await b['sync.plan']({ datasetId, to: 'mysql://x', table: 'x', mode: 'append' }))).toBe(
        'BAD_USAGE',
      );
      expect(code(await b['sync.plan']({ datasetId, to: 'nosuchname', table: 'x', mode: 'append' }))).toBe(
        'NOT_FOUND',
      );
      expect(code(await b['sync.wait']({ jobId: 'nope' }))).toBe('NOT_FOUND');
      expect(code(await b['sync.rollback']({ to: urlOf(t), syncId: 'sync-nope' }))).toBe('NOT_FOUND');
      const down = await b['sync.plan']({
        datasetId,
        to: urlOf({ ...t, port: 1 }),
        table: 'x',
        mode: 'append',
      });
      expect(code(down)).toBe('DB_UNREACHABLE');
    });
  });
}

syncContract('engine (in process)', async (engine) => ({ bridge: engine, dispose: () => engine.close() }));

syncContract('HTTP bridge → server → engine', async (engine) => {
  const server = await startServer({ api: engine, log: { info() {}, warn() {}, error() {} } });
  const bridge = createHttpBridge({
    baseUrl: `http://127.0.0.1:${server.port}`,
    token: server.token,
    WebSocket: WebSocket as unknown as SocketCtor,
  });
  bridge.on('jobs.finished', () => {});
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
