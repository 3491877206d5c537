// The crash test of issue 3: a child process runs a pipeline (real importer, validator, SQL, a custom JS phase
// on the worker pool, file destinations) over a generated CSV and is killed with SIGKILL at random moments in
// every phase — sometimes again while resuming — then resumed to the end. The final stage must equal an
// uninterrupted run's row for row (ordered by __line, all columns), and so must the files it wrote.

import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, withConnection } from '../../core/adapters/duckdb.js';
import { REPO_ROOT, ensureDist } from '../fixtures/pipelines/ensure-dist.js';

const FIX = join(REPO_ROOT, 'tests/fixtures/pipelines');
const CHILD = join(FIX, 'crash-child.mjs');
const PHASES = ['extract', 'validate', 'clean', 'typed', 'total', 'load'];
const TRIALS = 20;
const RUN = 'crash';

let root: string;

/** A dirty orders file: bad emails, negative and non-numeric quantities, unknown statuses, malformed lines. */
function ordersCsv(rows: number): string {
  const out = ['id,customer,email,qty,price,order_date,status'];
  for (let i = 1; i <= rows; i++) {
    const email = i % 17 === 0 ? 'not-an-email' : `c${i}@example.com`;
    const qty = i % 23 === 0 ? '-1' : i % 29 === 0 ? 'x' : String(i % 9);
    const status = ['new', 'paid', 'shipped', 'shiped'][i % 4];
    const customer = i % 31 === 0 ? '"Doe, Jane "' : ` Customer ${i % 97}`;
    out.push(
      `${i},${customer},${email},${qty},${(i % 100) + 0.25},2024-0${(i % 9) + 1}-1${i % 10},${status}`,
    );
    if (i % 997 === 0) out.push(`${i}x,too,many,fields,1,2,3,4,5`);
  }
  return `${out.join('\n')}\n`;
}

function pipelineFile() {
  return {
    name: 'crash',
    source: 'orders.csv',
    schema: join(FIX, 'orders.schema.json'),
    recipe: join(FIX, 'orders.recipe.json'),
    errorBudget: { maxRatio: 0.9 },
    config: { chunkRows: 200 },
    destinations: [
      { name: 'all', type: 'parquet', path: 'out/orders.parquet' },
      {
        name: 'flagged',
        type: 'csv',
        path: 'out/flagged.csv',
        where: '__line IN (SELECT line FROM findings)',
        keepLine: true,
      },
    ],
    phases: [
      'extract',
      'validate',
      'clean',
      {
        name: 'typed',
        type: 'transform',
        sql: `SELECT __line, id, trim(customer) AS customer, lower(email) AS email, TRY_CAST(qty AS INTEGER) AS qty,
                TRY_CAST(price AS DOUBLE) AS price, order_date, status FROM stage`,
      },
      { name: 'total', type: 'custom', module: join(FIX, 'add-total.mjs'), columns: { total: 'DOUBLE' } },
      'load',
    ],
  };
}

async function project(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'orders.csv'), ordersCsv(3000));
  await writeFile(join(dir, 'crash.sluice.json'), JSON.stringify(pipelineFile(), null, 2));
  return dir;
}

/** Runs the child; kills it `delayMs` after phase `killIn` starts (never, when undefined). */
function child(
  dir: string,
  mode: 'start' | 'resume',
  killIn?: string,
  delayMs = 0,
): Promise<{ killed: boolean; status?: string; lastPhase?: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CHILD, join(dir, 'crash.sluice.json'), dir, RUN, mode], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let status: string | undefined;
    let armed = false;
    let lastPhase: string | undefined;
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop() ?? '';
      for (const l of lines) {
        const e = JSON.parse(l) as { event: string; phase: string | null; status?: string };
        if (e.event === 'exit') status = e.status;
        if (e.event === 'phase.started' && e.phase) lastPhase = e.phase;
        if (!armed && killIn && e.event === 'phase.started' && e.phase === killIn) {
          armed = true;
          setTimeout(() => p.kill('SIGKILL'), delayMs);
        }
      }
    });
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') return resolve({ killed: true, ...(lastPhase ? { lastPhase } : {}) });
      if (code !== 0) return reject(new Error(`child exited ${code}: ${err}`));
      resolve({ killed: false, ...(status ? { status } : {}) });
    });
  });
}

async function snapshot(dir: string) {
  const db = await openDuckDb(join(dir, 'workspace.duckdb'), { threads: 1 });
  try {
    return await withConnection(db, async (c) => {
      const q = async (sql: string) =>
        JSON.stringify((await c.runAndReadAll(sql)).getRowObjectsJS(), (_k, v: unknown) =>
          typeof v === 'bigint' ? String(v) : v,
        );
      return {
        stage: await q(`SELECT * FROM ${RUN}__load ORDER BY __line`),
        findings: await q(`SELECT * FROM ${RUN}__validate__findings ORDER BY ALL`),
        rejects: await q(`SELECT * FROM ${RUN}__extract__rejects ORDER BY ALL`),
        parquet: await q(`SELECT * FROM read_parquet('${join(dir, 'out/orders.parquet')}') ORDER BY id`),
        flagged: await readFile(join(dir, 'out/flagged.csv'), 'utf8'),
        scratch: await q(`SELECT table_name FROM duckdb_tables() WHERE contains(table_name, '__w')`),
        phaseRows: await q(
          `SELECT phase, status FROM sluice_checkpoints WHERE chunk = -1 ORDER BY phase_index`,
        ),
        chunks: await q(
          `SELECT list(chunk ORDER BY chunk) AS c FROM sluice_checkpoints WHERE phase = 'total' AND chunk >= 0`,
        ),
        run: await q(`SELECT status, resumes FROM sluice_runs`),
        recipeStages: await q(`SELECT count(*) AS n FROM sluice_recipe_stages`),
      };
    });
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ensureDist();
  root = await mkdtemp(join(tmpdir(), 'sluice-crash-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('kill -9 at random moments, then resume', () => {
  it(`ends exactly like an uninterrupted run (${TRIALS} trials across phases)`, async () => {
    const refDir = await project('reference');
    expect(await child(refDir, 'start')).toEqual({ killed: false, status: 'done' });
    const ref = await snapshot(refDir);
    expect(JSON.parse(ref.stage)).toHaveLength(3000);
    expect(JSON.parse(ref.rejects)).toHaveLength(3); // the malformed lines, kept with their reason
    const stage = JSON.parse(ref.stage) as Record<string, unknown>[];
    expect(stage.filter((r) => r.status === 'shiped')).toEqual([]); // the recipe ran
    expect(stage.filter((r) => r.email === null)).toHaveLength(Math.floor(3000 / 17));
    expect(stage.find((r) => r.id === '31')?.customer).toBe('Doe, Jane');
    expect(ref.recipeStages).toBe('[{"n":"0"}]');
    expect(JSON.parse(ref.chunks)).toEqual([{ c: Array.from({ length: 15 }, (_, i) => i) }]);

    const seed = Date.now();
    let s = seed;
    const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const killedIn: string[] = [];
    const trial = async (t: number) => {
      const dir = await project(`trial-${t}`);
      const first = await child(dir, 'start', PHASES[t % PHASES.length], Math.floor(random() * 100));
      if (first.killed) killedIn.push(first.lastPhase ?? 'none');
      if (t % 4 === 0) {
        // Kill the resume too, somewhere in a later (or the same) phase.
        const at = PHASES[(t + 1 + Math.floor(random() * 3)) % PHASES.length];
        const again = await child(dir, 'resume', at, Math.floor(random() * 100));
        if (again.killed) killedIn.push(again.lastPhase ?? 'none');
      }
      const last = await child(dir, 'resume');
      expect(last, `trial ${t} (seed ${seed})`).toMatchObject({ killed: false, status: 'done' });
      const got = await snapshot(dir);
      expect(got.stage === ref.stage, `trial ${t}: final stage differs (seed ${seed})`).toBe(true);
      expect(got.findings === ref.findings, `trial ${t}: findings differ`).toBe(true);
      expect(got.rejects === ref.rejects, `trial ${t}: rejects differ`).toBe(true);
      expect(got.parquet === ref.parquet, `trial ${t}: parquet differs`).toBe(true);
      expect(got.flagged, `trial ${t}: csv differs`).toBe(ref.flagged);
      expect(got.scratch).toBe('[]');
      expect(got.phaseRows).toBe(ref.phaseRows);
      expect(got.chunks).toBe(ref.chunks);
      expect(got.recipeStages).toBe(ref.recipeStages);
      await rm(dir, { recursive: true, force: true });
    };
    // Three trials at a time: most of a trial is process start-up (loading DuckDB), not pipeline work.
    let next = 0;
    await Promise.all(
      Array.from({ length: 3 }, async () => {
        while (next < TRIALS) await trial(next++);
      }),
    );
    // Most trials must really have killed the child mid-run, or the test proves nothing.
    expect(killedIn.length).toBeGreaterThanOrEqual(TRIALS * 0.8);
    expect(new Set(killedIn).size, `killed in: ${killedIn.join(', ')}`).toBeGreaterThanOrEqual(4);
  });
});
