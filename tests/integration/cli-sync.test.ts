// `sluice sync` and `sluice connections` as a user runs them (the built bin, child processes) against a real
// PostgreSQL: JSON output, exit codes 0/1/2/3, rollback back to the same checksum, the sandbox by default, and
// saved connections whose password never shows in any output.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgTarget } from '../../core/adapters/postgres.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { checksum, pgRun } from './sync-fixtures.js';

const root = join(import.meta.dirname, '..', '..');
const ROWS = 300;
// qty = id % 100: 0 on ids 100, 200, 300 (validation finding: held back); ≥ 95 breaks CHECK (qty < 95).
const HELD = 3;
const REJECTED = 15;

let home: string;
let server: TestPostgres;
let csv: string;
let schemaPath: string;

function sluice(args: string[], opts: { input?: string; env?: Record<string, string | undefined> } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, SLUICE_HOME: home, ...opts.env };
  // No inherited database: without --to the sandbox is used.
  delete env.DATABASE_URL;
  return new Promise<{ code: number | null; out: string; err: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'sluice.js'), ...args], {
      env: env as NodeJS.ProcessEnv,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(opts.input ?? '');
  });
}

const urlOf = (t: PgTarget) => `postgres://${t.user}:${t.password}@${t.host}:${t.port}/${t.database}`;

beforeAll(async () => {
  server = await startTestPostgres();
  home = mkdtempSync(join(tmpdir(), 'sluice-cli-sync-'));
  const lines = ['id,name,qty'];
  for (let i = 1; i <= ROWS; i++) lines.push(`${i},name ${i},${i % 100}`);
  csv = join(home, 'items.csv');
  writeFileSync(csv, `${lines.join('\n')}\n`);
  schemaPath = join(home, 'items.schema.json');
  writeFileSync(
    schemaPath,
    JSON.stringify({
      fields: [
        { name: 'id', type: 'integer', constraints: { required: true } },
        { name: 'name', type: 'string' },
        { name: 'qty', type: 'integer', constraints: { minimum: 1 } },
      ],
      primaryKey: 'id',
    }),
  );
});
afterAll(async () => {
  await server?.stop();
  rmSync(home, { recursive: true, force: true });
});

describe('sluice sync (built CLI, real PostgreSQL)', () => {
  it('syncs with rejects and held-back rows (exit 1), and rollback restores the checksum', async () => {
    const t = await server.freshDatabase();
    await pgRun(t, `CREATE TABLE items (id bigint PRIMARY KEY, name text, qty bigint CHECK (qty < 95))`);
    await pgRun(t, `INSERT INTO items VALUES (1000, 'before', 1)`);
    const before = await checksum(t, 'items');
    const args = ['sync', csv, '--to', urlOf(t), '--table', 'items', '--schema', schemaPath];

    const dry = await sluice([...args, '--mode', 'upsert', '--dry-run', '--json']);
    expect(dry.code).toBe(1);
    expect(JSON.parse(dry.out)).toMatchObject({
      status: 'dry-run',
      heldBack: HELD,
      counts: { inserted: ROWS - HELD - REJECTED, rejected: REJECTED },
    });
    expect(await checksum(t, 'items')).toEqual(before);

    const r = await sluice([...args, '--mode', 'upsert', '--json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(j).toMatchObject({
      status: 'done',
      inserted: ROWS - HELD - REJECTED,
      updated: 0,
      unchanged: 0,
      rejected: REJECTED,
      heldBack: HELD,
    });
    expect(typeof j.syncId).toBe('string');
    expect((await checksum(t, 'items')).rows).toBe(1 + ROWS - HELD - REJECTED);

    // The same command again: already done, nothing written.
    const again = await sluice([...args, '--mode', 'upsert', '--json']);
    expect(JSON.parse(again.out)).toMatchObject({ syncId: j.syncId, alreadyDone: true });

    const back = await sluice(['sync', 'rollback', String(j.syncId), '--to', urlOf(t), '--json']);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.out)).toMatchObject({ syncId: j.syncId, rowsDeleted: ROWS - HELD - REJECTED });
    expect(await checksum(t, 'items')).toEqual(before);
    expect(r.err + back.err).not.toContain(t.password!);
  });

  it('exits 3 when the error budget is blown, leaving the target as it was', async () => {
    const t = await server.freshDatabase();
    await pgRun(t, `CREATE TABLE items (id bigint PRIMARY KEY, name text, qty bigint CHECK (qty < 95))`);
    const before = await checksum(t, 'items');
    const r = await sluice([
      'sync',
      csv,
      '--to',
      urlOf(t),
      '--table',
      'items',
      '--mode',
      'append',
      '--schema',
      schemaPath,
      '--max-rejects',
      '5',
    ]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/error budget/);
    expect(await checksum(t, 'items')).toEqual(before);
  });

  it('exits 2 for bad usage and for an unreachable database, never printing the password', async () => {
    expect((await sluice(['sync', csv, '--table', 'x'])).code).toBe(2);
    expect((await sluice(['sync', csv, '--table', 'x', '--mode', 'merge'])).code).toBe(2);
    const down = await sluice([
      'sync',
      csv,
      '--to',
      'postgres://u:s3cr3t-pw@127.0.0.1:1/db',
      '--table',
      'x',
      '--mode',
      'append',
    ]);
    expect(down.code).toBe(2);
    expect(down.err).not.toContain('s3cr3t-pw');
  });

  it('saves, lists, tests and removes a connection, and syncs through it', async () => {
    const t = await server.freshDatabase();
    const added = await sluice(
      [
        'connections',
        'add',
        'wh',
        '--host',
        t.host,
        '--port',
        String(t.port),
        '--database',
        t.database,
        '--user',
        t.user,
        '--password-stdin',
      ],
      { input: `${t.password}\n` },
    );
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/Saved connection wh/);
    const list = await sluice(['connections', 'list', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out)).toEqual([expect.objectContaining({ name: 'wh', hasPassword: true })]);
    const tested = await sluice(['connections', 'test', 'wh']);
    expect(tested.code).toBe(0);
    expect(tested.out).toMatch(/Connected to wh .*PostgreSQL \d+/);
    const r = await sluice([
      'sync',
      csv,
      '--to',
      'wh',
      '--table',
      'fresh',
      '--mode',
      'append',
      '--schema',
      schemaPath,
      '--json',
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ inserted: ROWS - HELD, rejected: 0, heldBack: HELD });
    expect((await checksum(t, 'fresh')).rows).toBe(ROWS - HELD);
    const removed = await sluice(['connections', 'remove', 'wh']);
    expect(removed.code).toBe(0);
    expect((await sluice(['connections', 'test', 'wh'])).code).toBe(2);
    for (const x of [added, list, tested, r, removed]) expect(x.out + x.err).not.toContain(t.password!);
  });

  it('syncs into the local sandbox when no database is named, and rolls it back', async () => {
    const r = await sluice([
      'sync',
      csv,
      '--table',
      'sandboxed',
      '--mode',
      'append',
      '--include-invalid',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { syncId: string; inserted: number };
    expect(j.inserted).toBe(ROWS);
    const list = await sluice(['sync', 'list', '--json']);
    expect(JSON.parse(list.out)).toEqual([expect.objectContaining({ syncId: j.syncId, table: 'sandboxed' })]);
    const back = await sluice(['sync', 'rollback', j.syncId, '--json']);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.out)).toMatchObject({ tableDropped: true });
  });
});
