import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Keychain } from '../../core/adapters/keyring.js';
import { serializeError } from '../../core/contract/errors.js';
import { createConnectionStore, resolveTarget, testTarget } from '../../core/connections/index.js';
import { syncDataset } from '../../core/sync/index.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { makeDataset, pgRun, type Dataset } from './sync-fixtures.js';

const noKeychain: Keychain = {
  get: () => Promise.reject(new Error('none')),
  set: () => Promise.reject(new Error('none')),
  delete: () => Promise.reject(new Error('none')),
};

/** Everything an error could show: message, stack, details, serialized form. */
const everything = (e: unknown) =>
  `${String(e)} ${(e as Error).stack ?? ''} ${JSON.stringify(serializeError(e))}`;

describe('connections and secrets (real PostgreSQL)', () => {
  let server: TestPostgres;
  let dir: string;
  let ds: Dataset;
  const password = () => server.target.password!;
  beforeAll(async () => {
    server = await startTestPostgres();
    dir = await mkdtemp(join(tmpdir(), 'sluice-app-'));
    await chmod(dir, 0o755); // the sandbox server may run as user 'postgres'
    ds = await makeDataset(1, 500);
  });
  afterAll(async () => {
    await ds?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('saves a connection, tests it, and keeps the password out of every file', async () => {
    const store = createConnectionStore(join(dir, 'a'), noKeychain);
    await store.add({ name: 'local', url: server.url });
    const t = await store.test('local');
    expect(t.serverVersion).toMatch(/^\d+/);
    expect(t.pgvector).toBe(false);
    for (const f of await readdir(join(dir, 'a'))) {
      expect((await readFile(join(dir, 'a', f))).toString('latin1')).not.toContain(password());
    }
  });

  it('never shows a password in errors: wrong password, unreachable server', async () => {
    const store = createConnectionStore(join(dir, 'b'), noKeychain);
    await store.add({ name: 'wrong', url: server.url, password: 'Wr0ng-Secret-Value' });
    const auth = await store.test('wrong').catch((e: unknown) => e);
    expect(auth).toMatchObject({ code: 'DB_AUTH' });
    expect(everything(auth)).not.toContain('Wr0ng-Secret-Value');
    await store.add({ name: 'down', url: server.url });
    await store.edit({ name: 'down', port: 1 });
    const down = await store.test('down').catch((e: unknown) => e);
    expect(down).toMatchObject({ code: 'DB_UNREACHABLE' });
    expect(everything(down)).not.toContain(password());
  });

  it('a sync leaves the password in no log, error or record', async () => {
    const pg = await server.freshDatabase();
    const printed: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi
        .spyOn(console, m)
        .mockImplementation((...a: unknown[]) => void printed.push(a.map(String).join(' '))),
    );
    try {
      const bad = await syncDataset({
        duck: ds.duck,
        datasetId: 'd',
        schema: ds.schema,
        pg: { ...pg, password: 'Wr0ng-Secret-Value' },
        table: 'x',
        mode: 'append',
      }).catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'DB_AUTH' });
      expect(everything(bad)).not.toContain('Wr0ng-Secret-Value');
      await pgRun(
        pg,
        `CREATE TABLE x (id bigint CHECK (id <> 7), name text, price float8, active boolean, day date)`,
      );
      const r = await syncDataset({
        duck: ds.duck,
        datasetId: 'd',
        schema: ds.schema,
        pg,
        table: 'x',
        mode: 'append',
        onProgress: (p) => printed.push(JSON.stringify(p)),
      });
      expect(r.rejected).toBe(1);
      printed.push(JSON.stringify(r));
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    expect(printed.join('\n')).not.toContain(password());
    const records = await pgRun<{ t: string }>(
      pg,
      `SELECT string_agg(t::text, ' ') AS t FROM (SELECT s::text AS t FROM sluice_syncs s UNION ALL SELECT l::text FROM sluice_sync_ledger l
        UNION ALL SELECT o::text FROM sluice_sync_rows_out o) x`,
    );
    expect(records[0]!.t).not.toContain(password());
  });

  it('resolves --to: a URL, a saved name, $DATABASE_URL, else the sandbox', async () => {
    const store = createConnectionStore(join(dir, 'c'), noKeychain);
    await store.add({ name: 'saved', url: server.url });
    const appDir = join(dir, 'c');
    expect((await resolveTarget(server.url, { store, appDir, env: {} })).source).toBe('url');
    expect((await resolveTarget('saved', { store, appDir, env: {} })).label).toContain('saved (');
    const env = await resolveTarget(undefined, { store, appDir, env: { DATABASE_URL: server.url } });
    expect(env.source).toBe('env');
    expect(env.label).not.toContain(password());
    await testTarget(env.target);
    const sandbox = await resolveTarget(undefined, { store, appDir, env: {} });
    try {
      expect(sandbox.source).toBe('sandbox');
      expect((await testTarget(sandbox.target)).serverVersion).toMatch(/^18/);
      const again = await resolveTarget(undefined, { store, appDir, env: {} });
      expect(again.target.port).toBe(sandbox.target.port);
      await again.release(); // reused, so it does not stop the server
      await testTarget(sandbox.target);
    } finally {
      await sandbox.release();
    }
  });
  it('starts the sandbox where SLUICE_SANDBOX_DIR says, even when the app data folder is closed to others', async () => {
    // As root PostgreSQL runs as 'postgres', who cannot enter a 0700 home: the sandbox must not need to.
    const home = join(dir, 'closed-home');
    const appDir = join(home, 'sluice');
    const store = createConnectionStore(appDir, noKeychain);
    await store.add({ name: 'unused', url: server.url }); // creates appDir
    await chmod(home, 0o700);
    const place = join(dir, 'open-sandbox');
    const sandbox = await resolveTarget(undefined, { store, appDir, env: { SLUICE_SANDBOX_DIR: place } });
    try {
      expect((await testTarget(sandbox.target)).serverVersion).toMatch(/^18/);
      expect((await readdir(place)).sort()).toEqual(['data', 'sluice-sandbox.json']);
    } finally {
      await sandbox.release();
      await chmod(home, 0o755);
    }
  });
});
