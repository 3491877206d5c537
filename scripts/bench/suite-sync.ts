// Issue 4's benchmark: sync throughput against `psql \copy` on the same server, data and table definition, in
// the same run. append vs `\copy` into the table; upsert into a table already holding half the keys vs `\copy`
// into a staging table + INSERT … ON CONFLICT DO UPDATE; and the time to roll a whole sync back. Each result is
// checked: the Sluice table and the psql table must have the same order-independent checksum.

import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import { startSandbox, type Sandbox } from '../../core/adapters/embedded-postgres.js';
import { closePg, connectPg, type PgTarget } from '../../core/adapters/postgres.js';
import type { TableSchema } from '../../core/contract/schema.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { rollbackSync, syncDataset, tableChecksum } from '../../core/sync/index.js';

const ensurePsql = fileURLToPath(new URL('../../../scripts/ensure-psql.sh', import.meta.url));

const SCHEMA: TableSchema = {
  fields: [
    { name: 'id', type: 'integer', constraints: { required: true } },
    { name: 'name', type: 'string' },
    { name: 'price', type: 'number' },
    { name: 'active', type: 'boolean' },
    { name: 'day', type: 'date' },
    { name: 'note', type: 'string' },
  ],
  primaryKey: 'id',
};
/** The one target table definition both sides load into. */
const DDL = (t: string) =>
  `CREATE TABLE ${t} (id bigint PRIMARY KEY, name text, price double precision, active boolean, day date, note text)`;
const COLS = 'id, name, price, active, day, note';

/** The cleaned dataset as the importer leaves it (text values + __line), and the same rows as a CSV file. */
async function dataset(dir: string, rows: number): Promise<{ duck: DuckDbHandle; csv: string }> {
  mkdirSync(dir, { recursive: true });
  const db = join(dir, `sync-${rows}.duckdb`);
  const csv = join(dir, `sync-${rows}.csv`);
  const fresh = !existsSync(db) || !existsSync(csv);
  if (fresh) rmSync(db, { force: true });
  const duck = await openDuckDb(db, { threads: 2 });
  if (fresh)
    await withConnection(duck, async (c) => {
      await c.run(`CREATE TABLE d__source AS SELECT CAST(i + 2 AS BIGINT) AS __line, CAST(i AS VARCHAR) AS id,
        'customer ' || (i % 9973) AS name, CAST(round((i % 100000) * 0.37, 2) AS VARCHAR) AS price,
        CASE WHEN i % 3 = 0 THEN 'true' ELSE 'false' END AS active,
        CAST(DATE '2020-01-01' + CAST(i % 2000 AS INTEGER) AS VARCHAR) AS day,
        'order note ' || md5(CAST(i AS VARCHAR)) AS note
        FROM range(${rows}) t(i)`);
      await c.run(
        `COPY (SELECT ${COLS} FROM d__source ORDER BY __line) TO ${quoteLiteral(csv)} (FORMAT csv, HEADER false)`,
      );
    });
  return { duck, csv };
}

function psql(bin: string, t: PgTarget, script: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      bin,
      [
        '-X',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-h',
        t.host,
        '-p',
        String(t.port),
        '-U',
        t.user,
        '-d',
        t.database,
      ],
      { env: { ...process.env, PGPASSWORD: t.password ?? '' }, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - t0) : reject(new Error(`psql failed: ${err}`)),
    );
    child.stdin.end(script);
  });
}

async function sql(t: PgTarget, text: string): Promise<void> {
  const c = await connectPg(t);
  try {
    await c.query(text);
  } finally {
    await closePg(c);
  }
}

async function sum(t: PgTarget, table: string) {
  const c = await connectPg(t);
  try {
    return await tableChecksum(c, 'public', table);
  } finally {
    await closePg(c);
  }
}

/** Half the keys (every second id) with other values: what the upsert updates. */
const prefill = (table: string, rows: number) =>
  `TRUNCATE ${table}; INSERT INTO ${table} SELECT i, 'old', 0, false, DATE '2000-01-01', 'old'
     FROM generate_series(0, ${rows - 1}, 2) i; ANALYZE ${table}`;

/** Timings of paired rounds: psql then Sluice under the same load, then Sluice's rollback. */
interface Rounds {
  psqlMs: number[];
  sluiceMs: number[];
  rollbackMs: number[];
  inserted: number;
  updated: number;
}

/** Rounds per measurement: the machine may be shared, so pairs are compared and the median ratio is kept. */
const ROUNDS = 3;
const s = (ms: number) => Math.round(ms) / 1000;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function summary(rows: number, r: Rounds) {
  const best = (xs: number[]) => Math.min(...xs);
  return {
    psqlSec: r.psqlMs.map(s),
    sluiceSec: r.sluiceMs.map(s),
    psqlRowsPerSec: Math.round(rows / (best(r.psqlMs) / 1000)),
    sluiceRowsPerSec: Math.round(rows / (best(r.sluiceMs) / 1000)),
    /** Median over rounds of psql time / Sluice time (each pair ran back to back). */
    ratio: Number(median(r.psqlMs.map((p, i) => p / r.sluiceMs[i]!)).toFixed(3)),
    bestRatio: Number((best(r.psqlMs) / best(r.sluiceMs)).toFixed(3)),
    inserted: r.inserted,
    updated: r.updated,
    sameChecksum: true,
  };
}

type Base = Pick<Parameters<typeof syncDataset>[0], 'duck' | 'datasetId' | 'schema' | 'pg'>;

const same = async (pg: PgTarget, a: string, b: string) =>
  JSON.stringify(await sum(pg, a)) === JSON.stringify(await sum(pg, b));

/** append vs `\copy` into the same table definition; each Sluice load is then rolled back (timed). */
async function appendRounds(bin: string, pg: PgTarget, base: Base, csv: string, rows: number, n: number) {
  const out: Rounds = { psqlMs: [], sluiceMs: [], rollbackMs: [], inserted: 0, updated: 0 };
  const copy = `\\copy items_psql (${COLS}) FROM '${csv}' WITH (FORMAT csv)\n`;
  for (let round = 0; round < n; round++) {
    await sql(pg, 'TRUNCATE items_psql; CHECKPOINT');
    out.psqlMs.push(await psql(bin, pg, copy));
    await sql(pg, 'CHECKPOINT');
    const t0 = performance.now();
    const r = await syncDataset({ ...base, table: 'items_sluice', mode: 'append' });
    out.sluiceMs.push(performance.now() - t0);
    out.inserted = r.inserted;
    if (r.inserted !== rows) throw new Error(`append inserted ${r.inserted} of ${rows}`);
    if (!(await same(pg, 'items_psql', 'items_sluice')))
      throw new Error('append: the Sluice table differs from the psql table');
    out.rollbackMs.push((await rollbackSync(pg, r.syncId)).durationMs);
    if ((await sum(pg, 'items_sluice')).rows !== 0) throw new Error('rollback left rows');
  }
  return out;
}

/** upsert into half the keys vs `\copy` into a staging table + INSERT … ON CONFLICT DO UPDATE; rollback each. */
async function upsertRounds(bin: string, pg: PgTarget, base: Base, csv: string, rows: number, n: number) {
  const out: Rounds = { psqlMs: [], sluiceMs: [], rollbackMs: [], inserted: 0, updated: 0 };
  await sql(pg, prefill('up_sluice', rows));
  const before = await sum(pg, 'up_sluice');
  // The session settings Sluice's own sessions use, so the baseline is not slowed by a small temp_buffers.
  const script = `SET temp_buffers = '64MB'; SET work_mem = '64MB';
    BEGIN;
    CREATE TEMP TABLE stage (LIKE up_psql) ON COMMIT DROP;
    \\copy stage (${COLS}) FROM '${csv}' WITH (FORMAT csv)
    INSERT INTO up_psql SELECT * FROM stage ON CONFLICT (id) DO UPDATE SET name = excluded.name,
      price = excluded.price, active = excluded.active, day = excluded.day, note = excluded.note;
    COMMIT;\n`;
  for (let round = 0; round < n; round++) {
    await sql(pg, `${prefill('up_psql', rows)}; CHECKPOINT`);
    out.psqlMs.push(await psql(bin, pg, script));
    await sql(pg, 'CHECKPOINT');
    const t0 = performance.now();
    const r = await syncDataset({ ...base, table: 'up_sluice', mode: 'upsert' });
    out.sluiceMs.push(performance.now() - t0);
    out.inserted = r.inserted;
    out.updated = r.updated;
    if (r.inserted + r.updated !== rows) throw new Error(`upsert wrote ${r.inserted + r.updated} of ${rows}`);
    if (!(await same(pg, 'up_psql', 'up_sluice')))
      throw new Error('upsert: the Sluice table differs from the psql table');
    out.rollbackMs.push((await rollbackSync(pg, r.syncId)).durationMs);
    if (JSON.stringify(await sum(pg, 'up_sluice')) !== JSON.stringify(before))
      throw new Error('upsert rollback did not restore the table');
  }
  return out;
}

async function oneSize(bin: string, server: Sandbox, dataDir: string, rows: number, rounds: number) {
  const pg = server.target;
  const { duck, csv } = await dataset(dataDir, rows);
  const base: Base = { duck, datasetId: 'd', schema: SCHEMA, pg };
  try {
    for (const t of ['items_psql', 'items_sluice', 'up_psql', 'up_sluice']) {
      await sql(pg, `DROP TABLE IF EXISTS ${t}; ${DDL(t)}`);
    }
    await sql(pg, `DROP TABLE IF EXISTS sluice_sync_rows_out, sluice_sync_ledger, sluice_syncs CASCADE`);
    const append = await appendRounds(bin, pg, base, csv, rows, rounds);
    const upsert = await upsertRounds(bin, pg, base, csv, rows, rounds);
    const rollbackMs = [...append.rollbackMs, ...upsert.rollbackMs];
    const result = {
      rows,
      rounds,
      append: summary(rows, append),
      upsert: { existingKeys: Math.ceil(rows / 2), ...summary(rows, upsert) },
      rollback: {
        appendSec: append.rollbackMs.map(s),
        upsertSec: upsert.rollbackMs.map(s),
        restoredExactly: true,
      },
    };
    const targets = {
      appendAtLeast0_8: result.append.ratio >= 0.8,
      upsertAtLeast0_4: result.upsert.ratio >= 0.4,
      // The target is about a 1M-row sync; larger sizes report their times without a verdict.
      rollbackUnder30s: rows <= 1_000_000 ? Math.max(...rollbackMs) < 30_000 : null,
    };
    console.log(
      `sync ${rows.toLocaleString('en-US')} rows: append ${result.append.ratio}× psql \\copy (paired rounds, median), ` +
        `upsert ${result.upsert.ratio}× psql staging + ON CONFLICT; rollback ≤ ${s(Math.max(...rollbackMs))} s`,
    );
    return { ...result, targets };
  } finally {
    duck.close();
  }
}

/** Runs the sync benchmark for each size on one local PostgreSQL server; returns the report section. */
export async function syncSuite(opts: {
  dataDir: string;
  sizes: number[];
  /** Paired rounds per measurement (default 3; SLUICE_BENCH_SYNC_ROUNDS). */
  rounds?: number;
}): Promise<Record<string, unknown>> {
  const rounds = opts.rounds ?? (Number(process.env.SLUICE_BENCH_SYNC_ROUNDS) || ROUNDS);
  let bin: string;
  try {
    bin = execFileSync('bash', [ensurePsql], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
  } catch {
    throw new Error(
      'The sync benchmark needs psql (its baseline): scripts/ensure-psql.sh could not install it.',
    );
  }
  const dir = join(opts.dataDir, 'sync');
  const pgDir = join(dir, `pg-${process.pid}`);
  mkdirSync(pgDir, { recursive: true, mode: 0o755 });
  const server = await startSandbox({
    dataDir: join(pgDir, 'data'),
    password: randomBytes(12).toString('hex'),
    ownedRoot: dir,
    // A server tuned as a production box would be: room for big loads between checkpoints. Durable (fsync on).
    flags: ['-c', 'max_wal_size=4GB', '-c', 'shared_buffers=256MB'],
  });
  const sizes: Record<string, unknown>[] = [];
  try {
    for (const rows of opts.sizes) sizes.push(await oneSize(bin, server, dir, rows, rounds));
  } finally {
    await server.stop();
    rmSync(pgDir, { recursive: true, force: true });
  }
  return { psql: execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim(), sizes };
}
