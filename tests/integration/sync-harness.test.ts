import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../core/adapters/embedded-postgres.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';

describe('test PostgreSQL harness', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startTestPostgres();
  });
  afterAll(() => server.stop());

  it('runs a real server and isolates tests in fresh databases', async () => {
    const [v] = await server.query<{ v: number }>("SELECT current_setting('server_version_num')::int AS v");
    expect(v!.v).toBeGreaterThanOrEqual(150000);
    const a = await server.freshDatabase();
    const b = await server.freshDatabase();
    await server.query('CREATE TABLE x (id int)', [], a);
    const inB = await server.query("SELECT 1 FROM pg_tables WHERE tablename = 'x'", [], b);
    expect(inB).toHaveLength(0);
  });

  it('reuses a sandbox that is already running on the same folder', async () => {
    // The harness's server runs on its folder: a second start finds it through postmaster.pid.
    const dataDir = await dataDirOf(server);
    const again = await startSandbox({ dataDir, password: server.target.password ?? '' });
    expect(again.started).toBe(false);
    expect(again.target.port).toBe(server.target.port);
    await again.stop(); // a no-op: this call did not start it
    const [one] = await server.query<{ one: number }>('SELECT 1 AS one');
    expect(one!.one).toBe(1);
  });
});

async function dataDirOf(server: TestPostgres): Promise<string> {
  const [row] = await server.query<{ setting: string }>(
    "SELECT setting FROM pg_settings WHERE name = 'data_directory'",
  );
  return row!.setting;
}
