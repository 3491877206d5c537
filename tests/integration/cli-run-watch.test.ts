// `sluice run` stopped by Ctrl-C and resumed, and `sluice watch` running each file content of a folder once (the
// built bin, child processes). Needs `npm run build` (dist/) first, as cli.test.ts.

import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunInfo } from '../../core/contract/pipeline.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { runSluice } from '../support/cli.js';

const root = join(import.meta.dirname, '..', '..');
const home = mkdtempSync(join(tmpdir(), 'sluice-cli-watch-'));
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

/** A running `sluice` child: its output so far, a way to wait for a line, and its exit. */
function start(...args: string[]) {
  const child = spawn(process.execPath, [join(root, 'bin', 'sluice.js'), ...args], { env });
  const io = { out: '', err: '' };
  child.stdout.on('data', (d: Buffer) => (io.out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (io.err += d.toString()));
  const exit = new Promise<number | null>((done) => child.on('close', (c) => done(c)));
  const waitFor = async (re: RegExp, stream: 'out' | 'err', ms = 30_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const m = re.exec(io[stream]);
      if (m) return m;
      if (Date.now() > end) throw new Error(`timed out waiting for ${re} in:\n${io.out}\n${io.err}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return { child, io, exit, waitFor };
}

const exampleCopy = (name: string) => {
  const dir = join(home, name);
  cpSync(join(root, 'examples', 'orders'), dir, { recursive: true });
  return join(dir, 'orders.sluice.json');
};

function slowPipeline(): string {
  const dir = join(home, 'slow');
  mkdirSync(dir, { recursive: true });
  const rows = ['id,name'];
  for (let i = 1; i <= 600; i++) rows.push(`${i},name ${i}`);
  writeFileSync(join(dir, 'data.csv'), `${rows.join('\n')}\n`);
  copyFileSync(join(root, 'tests', 'fixtures', 'pipelines', 'slow.mjs'), join(dir, 'slow.mjs'));
  const p = {
    name: 'slow',
    source: 'data.csv',
    config: { chunkRows: 100 },
    phases: ['extract', { name: 'wait', type: 'custom', module: 'slow.mjs', params: { ms: 300 } }],
  };
  writeFileSync(join(dir, 'slow.sluice.json'), JSON.stringify(p));
  return join(dir, 'slow.sluice.json');
}

describe('sluice run (interrupted) and sluice watch', () => {
  it('stops on Ctrl-C with exit 130, leaves the run resumable, and resumes it', async () => {
    const pipeline = slowPipeline();
    const p = start('run', pipeline);
    const [, runId] = await p.waitFor(/run (\S+) of 'slow' started/, 'err');
    await new Promise((r) => setTimeout(r, 900)); // a few 300 ms chunks of the custom phase commit
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(130);
    expect(p.io.err).toMatch(/resume with: sluice run .* --resume/);
    const stopped = JSON.parse(sluice('runs', 'show', runId ?? '', '--json').out) as RunInfo;
    expect(stopped).toMatchObject({ status: 'cancelled', resumable: true });
    const r = sluice('run', pipeline, '--resume', runId ?? '', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'done', resumes: 1, rowsOut: 600 });
  }, 60_000);

  it('watches a folder: runs a new file once, skips the same content under another name', async () => {
    const pipeline = exampleCopy('ex-watch');
    const drops = join(home, 'drops');
    mkdirSync(drops);
    expect(sluice('watch', '--help').code).toBe(0);
    const w = start('watch', drops, '--pipeline', pipeline, '--json');
    await w.waitFor(/watching/, 'err');
    copyFileSync(join(root, 'examples', 'orders', 'orders.csv'), join(drops, 'monday.csv'));
    await w.waitFor(/"status":"done"/, 'out');
    copyFileSync(join(root, 'examples', 'orders', 'orders.csv'), join(drops, 'tuesday.csv'));
    await w.waitFor(/"status":"duplicate"/, 'out');
    w.child.kill('SIGINT');
    expect(await w.exit).toBe(0);
    const lines = w.io.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { file: string; status: string });
    expect(lines.map((l) => [l.file, l.status])).toEqual([
      [join(drops, 'monday.csv'), 'done'],
      [join(drops, 'tuesday.csv'), 'duplicate'],
    ]);
    const runs = JSON.parse(sluice('runs', 'list', '--pipeline', pipeline, '--json').out) as RunInfo[];
    expect(runs).toHaveLength(1);
    expect(runs[0]?.sources).toEqual([join(drops, 'monday.csv')]);
  }, 60_000);
});
