// `sluice run` and `sluice runs` as a user runs them (the built bin, child processes): the example pipeline end to
// end, history, rollback then resume, and the exit codes. Needs `npm run build` (dist/) first, as cli.test.ts.
// Ctrl-C and watch: cli-run-watch.test.ts.

import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunInfo } from '../../core/contract/pipeline.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { runSluice } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'sluice-cli-run-'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  SLUICE_HOME: join(home, 'home'),
  SLUICE_WATCH_STABLE_MS: '100',
  SLUICE_WATCH_POLL_MS: '50',
};
// The example pipeline loads into PostgreSQL: a throwaway server, so no CLI process starts its own sandbox.
let pg: TestPostgres | undefined;
beforeAll(async () => {
  pg = await startTestPostgres();
  env.DATABASE_URL = pg.url;
}, 60_000);
afterAll(async () => {
  await pg?.stop();
  rmSync(home, { recursive: true, force: true });
});

function sluice(...args: string[]) {
  return runSluice(args, env, 60_000);
}

const exampleCopy = (name: string) => {
  const dir = join(home, name);
  cpSync(join(root, 'examples', 'orders'), dir, { recursive: true });
  return join(dir, 'orders.sluice.json');
};

describe('sluice run / runs / watch', () => {
  it('prints help and refuses bad usage with exit 2', () => {
    expect(sluice('run', '--help').code).toBe(0);
    expect(sluice('runs', 'frobnicate').code).toBe(2);
    expect(sluice('watch', home).code).toBe(2); // no --pipeline
    expect(sluice('run', join(home, 'missing.sluice.json')).code).toBe(2);
  });

  it('runs the example pipeline, lists and shows it, rolls it back and resumes it to the same result', async () => {
    const pipeline = exampleCopy('ex1');
    const plan = sluice('run', pipeline, '--dry-run', '--json');
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.out).phases).toHaveLength(8);
    const human = sluice('run', pipeline, '--dry-run');
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/load → clean_parquet \(parquet\): .*orders\.clean\.parquet/);
    expect(human.out).toMatch(/warehouse → warehouse \(postgres\): .*table sluice_example_orders/);

    const r = sluice('run', pipeline, '--json');
    expect(r.code).toBe(1); // rejected lines and findings are left for review
    const run = JSON.parse(r.out) as RunInfo;
    expect(run.status).toBe('done');
    expect(r.err).toMatch(/✓ clean: 9,990 rows in/);
    const [before, after] = run.phases.filter((p) => p.type === 'validate');
    expect(after?.findings).toBeLessThan((before?.findings ?? 0) / 3);
    const clean = run.phases.flatMap((p) => p.outputs ?? []).find((o) => o.destination === 'clean_parquet');
    expect(clean?.rows).toBe(run.rowsOut);
    expect(existsSync(clean?.path ?? '')).toBe(true);
    const inPg = await pg?.query<{ n: string }>('SELECT count(*) AS n FROM sluice_example_orders');
    expect(inPg?.[0]?.n).toBe(String(run.rowsOut));

    const list = JSON.parse(sluice('runs', 'list', '--pipeline', pipeline, '--json').out) as RunInfo[];
    expect(list.map((x) => x.runId)).toEqual([run.runId]);
    // Found from its id alone (the runs index of SLUICE_HOME).
    const shown = sluice('runs', 'show', run.runId);
    expect(shown.code).toBe(0);
    expect(shown.out).toMatch(/revalidate\s+validate\s+done/);
    const log = sluice('runs', 'show', run.runId, '--log').out.trim().split('\n');
    expect(JSON.parse(log[0] ?? '{}').event).toBe('run.started');
    expect(JSON.parse(log.at(-1) ?? '{}').event).toBe('run.done');

    const back = sluice('runs', 'rollback', run.runId, '--to', 'clean', '--json');
    expect(back.code).toBe(0);
    expect((JSON.parse(back.out) as RunInfo).phases.map((p) => p.status).slice(2)).toEqual([
      'done',
      ...Array<string>(5).fill('pending'),
    ]);
    const again = sluice('run', pipeline, '--resume', run.runId, '--json');
    expect(again.code).toBe(1);
    const resumed = JSON.parse(again.out) as RunInfo;
    expect(resumed).toMatchObject({ status: 'done', resumes: 1, rowsOut: run.rowsOut });
    expect(resumed.phases.map((p) => p.findings)).toEqual(run.phases.map((p) => p.findings));
  }, 60_000);

  it('exits 3 when the error budget aborts the run', () => {
    const pipeline = exampleCopy('ex-budget');
    const strict = JSON.parse(
      JSON.stringify({
        name: 'strict',
        source: 'orders.csv',
        schema: 'orders.schema.json',
        phases: ['extract', { name: 'validate', type: 'validate', errorBudget: { maxFindings: 10 } }],
      }),
    ) as unknown;
    const file = join(pipeline, '..', 'strict.sluice.json');
    writeFileSync(file, JSON.stringify(strict));
    const r = sluice('run', file, '--json');
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/1,305|1305/);
    const failed = JSON.parse(r.out) as RunInfo;
    expect(failed).toMatchObject({
      status: 'failed',
      resumable: true,
      error: { code: 'ERROR_BUDGET_EXCEEDED' },
    });
  }, 30_000);
});
