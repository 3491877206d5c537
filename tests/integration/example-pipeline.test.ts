// The bundled example pipeline (examples/orders/orders.sluice.json) through the engine, with a real PostgreSQL:
// the recipe cuts the findings, each injected defect it targets is gone, the clean rows land typed in Parquet,
// CSV and PostgreSQL (checked with SQL), the flagged ones in the review file, and rolling back past the
// warehouse load removes its rows from PostgreSQL.

import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import type { Keychain } from '../../core/adapters/keyring.js';
import type { RunInfo } from '../../core/contract/pipeline.js';
import { createSyncDeps } from '../../core/engine/sync-deps.js';
import { createEngine, type Engine } from '../../core/engine/index.js';
import { value } from '../contract/contract-suite.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';

const EXAMPLE = resolve(import.meta.dirname, '../../examples/orders');
const noKeychain: Keychain = {
  get: () => Promise.reject(new Error('no keychain')),
  set: () => Promise.reject(new Error('no keychain')),
  delete: () => Promise.reject(new Error('no keychain')),
};

describe('the example pipeline', () => {
  let pg: TestPostgres;
  let dir: string;
  let engine: Engine;
  let run: RunInfo;

  beforeAll(async () => {
    pg = await startTestPostgres();
    dir = mkdtempSync(join(tmpdir(), 'sluice-example-'));
    cpSync(EXAMPLE, join(dir, 'orders'), { recursive: true });
    const home = join(dir, 'home');
    const env = { SLUICE_HOME: home, DATABASE_URL: pg.url };
    engine = createEngine({
      openDb: openDuckDb,
      duckdb: { threads: 2 },
      env,
      sync: createSyncDeps({ appDir: home, env, keychain: noKeychain }),
    });
    const s = value(await engine['runs.start']({ pipelinePath: join(dir, 'orders', 'orders.sluice.json') }));
    run = value(await engine['runs.wait']({ runId: s.runId }));
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('cuts the findings with the recipe, fixing each defect kind it targets', async () => {
    expect(run.status).toBe('done');
    const validate = run.phases.find((p) => p.name === 'validate');
    const revalidate = run.phases.find((p) => p.name === 'revalidate');
    // What the generator injected (examples/orders/defects.json) is what the first validation finds.
    expect(validate?.findings).toBe(1305);
    expect(revalidate?.findings).toBe(330);
    // Every row the run wrote (clean or for review) is free of the defects the recipe targets.
    const read = (f: string) =>
      parse(readFileSync(join(dir, 'orders', 'out', f)), { columns: true }) as Record<string, string>[];
    const review = read('orders.review.csv');
    const written = [...read('orders.clean.csv'), ...review];
    expect(review).toHaveLength(revalidate?.rowsRejected ?? -1);
    expect(written).toHaveLength(9990);
    const left = (test: (r: Record<string, string>) => boolean) => written.filter(test).length;
    expect(left((r) => /^\s|\s$/.test(r.customer_name ?? ''))).toBe(0);
    expect(left((r) => !['pending', 'shipped', 'delivered', 'cancelled'].includes(r.status ?? ''))).toBe(0);
    expect(left((r) => /^[A-Z]{2}$/.test(r.country ?? '') === false)).toBe(0);
    expect(left((r) => /\//.test(r.order_date ?? ''))).toBe(0);
    expect(left((r) => / at /.test(r.customer_email ?? ''))).toBe(0);
    expect(left((r) => /[€,]/.test(r.unit_price ?? ''))).toBe(0);
    expect(left((r) => /%/.test(r.discount ?? ''))).toBe(0);
  });

  it('writes the clean rows, typed, to Parquet, CSV and PostgreSQL', async () => {
    const outputs = Object.fromEntries(
      run.phases.flatMap((p) => p.outputs ?? []).map((o) => [o.destination, o]),
    );
    const clean = run.rowsOut;
    expect(clean).toBe(9990 - (run.phases.find((p) => p.name === 'revalidate')?.rowsRejected ?? 0));
    expect(outputs.clean_parquet?.rows).toBe(clean);
    expect(outputs.clean_csv?.rows).toBe(clean);
    expect(outputs.warehouse?.rows).toBe(clean);
    const rows = await pg.query<{ n: string; bad: string; shiped: string }>(
      `SELECT count(*) AS n,
              count(*) FILTER (WHERE discount > 1 OR quantity < 1) AS bad,
              count(*) FILTER (WHERE status NOT IN ('pending', 'shipped', 'delivered', 'cancelled')) AS shiped
       FROM sluice_example_orders`,
    );
    expect(rows[0]).toEqual({ n: String(clean), bad: '0', shiped: '0' });
    const types = await pg.query<{ column_name: string; data_type: string }>(
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_name = 'sluice_example_orders' AND column_name IN ('order_date', 'quantity')
       ORDER BY column_name`,
    );
    expect(types.map((t) => t.data_type)).toEqual(['date', 'bigint']); // the loader maps integers to bigint
  });

  it('rolling back past the warehouse load removes its rows from PostgreSQL', async () => {
    const back = value(await engine['runs.rollback']({ runId: run.runId, toPhase: 'load' }));
    expect(back.phases.at(-1)?.status).toBe('pending');
    // The load created the table, so undoing the load drops it.
    const tables = await pg.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_tables WHERE tablename = 'sluice_example_orders'`,
    );
    expect(tables[0]?.n).toBe('0');
    value(await engine['runs.resume']({ runId: run.runId }));
    const again = value(await engine['runs.wait']({ runId: run.runId }));
    expect(again.status).toBe('done');
    const after = await pg.query<{ n: string }>('SELECT count(*) AS n FROM sluice_example_orders');
    expect(after[0]?.n).toBe(String(run.rowsOut));
  }, 60_000);
});
