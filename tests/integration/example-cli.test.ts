// `sluice example` (the README's main job) as a user runs it: inspect, validate, then the example pipeline on a
// copy, with the findings before and after the recipe. Needs `npm run build` (dist/) first, as cli.test.ts.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunInfo } from '../../core/contract/pipeline.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { runSluice } from '../support/cli.js';

const home = mkdtempSync(join(tmpdir(), 'sluice-example-cli-'));
let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startTestPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
  rmSync(home, { recursive: true, force: true });
});

function sluice(...args: string[]) {
  return runSluice(args, { ...process.env, SLUICE_HOME: home, DATABASE_URL: pg?.url }, 90_000);
}

describe('sluice example', () => {
  it('runs the example pipeline after the validation and reports the findings before and after', async () => {
    const human = sluice('example');
    expect(human.code).toBe(1); // findings are left for review, as the help says
    expect(human.out).toMatch(/Findings before the recipe: 1,305 in 1,218 rows; after: 330 in 325 rows/);
    expect(human.out).toMatch(/warehouse: 9,665 rows → PostgreSQL/);
    const copy = join(home, 'examples', 'orders');
    expect(existsSync(join(copy, 'out', 'orders.clean.parquet'))).toBe(true);
    const rows = await pg?.query<{ n: string }>('SELECT count(*) AS n FROM sluice_example_orders');
    expect(rows?.[0]?.n).toBe('9665');

    const json = sluice('example', '--json', '--project', join(home, 'p'));
    expect(json.code).toBe(1);
    const [inspect, validate, run] = json.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inspect).toMatchObject({ rejectedLines: 10 });
    expect(validate).toMatchObject({ rows: 9990 });
    expect((run as unknown as RunInfo).phases.map((p) => p.findings).filter(Boolean)).toEqual([1305, 330]);
    expect(existsSync(join(home, 'p', 'pipeline', 'out', 'orders.review.csv'))).toBe(true);
  }, 120_000);
});
