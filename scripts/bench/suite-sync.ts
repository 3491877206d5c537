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

async function oneSize(bin: string, server: Sandbox, dataDir: string, rows: number) {
  const pg = server.target;
  const { duck, csv } = await dataset(dataDir, rows);
  const base = { duck, datasetId: 'd', schema: SCHEMA, pg };
  const s = (ms: number) => Math.round(ms) / 1000;
  try {
    for (const t of ['items_psql', 'items_sluice', 'up_psql', 'up_sluice']) {
      await sql(pg, `DROP TABLE IF EXISTS ${t}; ${DDL(t)}`);
    }
    await sql(pg, `DROP TABLE IF EXISTS sluice_sync_rows_out, sluice_sync_ledger, sluice_syncs CASCADE`);
    const copy = `\\copy items_psql (${COLS}) FROM '${csv}' WITH (FORMAT csv)\n`;
    // Two rounds, alternating, best of each side: the machine is shared, the first round also warms the cache.
    const append = { psqlMs: [] as number[], sluiceMs: [] as number[], rollbackMs: [] as number[] };
    let syncId = '';
    for (let round = 0; round < 2; round++) {
      await sql(pg, 'TRUNCATE items_psql; CHECKPOINT');
      append.psqlMs.push(await psql(bin, pg, copy));
      await sql(pg, 'CHECKPOINT');
      const t0 = performance.now();
      const r = await syncDataset({ ...base, table: 'items_sluice', mode: 'append' });
      append.sluiceMs.push(performance.now() - t0);
      if (r.inserted !== rows) throw new Error(`append inserted ${r.inserted} of ${rows}`);
      syncId = r.syncId;
      if (round === 0) {
        const back = await rollbackSync(pg, syncId);
        append.rollbackMs.push(back.durationMs);
        if ((await sum(pg, 'items_sluice')).rows !== 0) throw new Error('rollback left rows');
      }
    }
    const same =
      JSON.stringify(await sum(pg, 'items_psql')) === JSON.stringify(await sum(pg, 'items_sluice'));
    if (!same) throw new Error('append: the Sluice table differs from the psql table');

    await sql(pg, `${prefill('up_psql', rows)}; ${prefill('up_sluice', rows)}; CHECKPOINT`);
    const upsertPsql = await psql(
      bin,
      pg,
      // The session settings Sluice's own sessions use, so the baseline is not slowed by a small temp_buffers.
      `SET temp_buffers = '64MB'; SET work_mem = '64MB';
       BEGIN;
       CREATE TEMP TABLE stage (LIKE up_psql) ON COMMIT DROP;
       \\copy stage (${COLS}) FROM '${csv}' WITH (FORMAT csv)
       INSERT INTO up_psql SELECT * FROM stage ON CONFLICT (id) DO UPDATE SET name = excluded.name,
         price = excluded.price, active = excluded.active, day = excluded.day, note = excluded.note;
       COMMIT;\n`,
    );
    await sql(pg, 'CHECKPOINT');
    const before = await sum(pg, 'up_sluice');
    const t1 = performance.now();
    const up = await syncDataset({ ...base, table: 'up_sluice', mode: 'upsert' });
    const upsertSluice = performance.now() - t1;
    if (up.inserted + up.updated !== rows)
      throw new Error(`upsert wrote ${up.inserted + up.updated} of ${rows}`);
    const upSame = JSON.stringify(await sum(pg, 'up_psql')) === JSON.stringify(await sum(pg, 'up_sluice'));
    if (!upSame) throw new Error('upsert: the Sluice table differs from the psql table');
    const upBack = await rollbackSync(pg, up.syncId);
    const restored = JSON.stringify(await sum(pg, 'up_sluice')) === JSON.stringify(before);
    if (!restored) throw new Error('upsert rollback did not restore the table');

    const bestPsql = Math.min(...append.psqlMs);
    const bestSluice = Math.min(...append.sluiceMs);
    const result = {
      rows,
      append: {
        psqlSec: append.psqlMs.map(s),
        sluiceSec: append.sluiceMs.map(s),
        psqlRowsPerSec: Math.round(rows / (bestPsql / 1000)),
        sluiceRowsPerSec: Math.round(rows / (bestSluice / 1000)),
        ratio: Number((bestPsql / bestSluice).toFixed(3)),
        sameChecksum: same,
      },
      upsert: {
        existingKeys: Math.ceil(rows / 2),
        psqlSec: s(upsertPsql),
        sluiceSec: s(upsertSluice),
        inserted: up.inserted,
        updated: up.updated,
        ratio: Number((upsertPsql / upsertSluice).toFixed(3)),
        sameChecksum: upSame,
      },
      rollback: {
        appendSec: append.rollbackMs.map(s),
        upsertSec: s(upBack.durationMs),
        upsertRestoredExactly: restored,
      },
    };
    const targets = {
      appendAtLeast0_8: result.append.ratio >= 0.8,
      upsertAtLeast0_4: result.upsert.ratio >= 0.4,
      rollbackUnder30s: Math.max(...append.rollbackMs, upBack.durationMs) < 30_000,
    };
    console.log(
      `sync ${rows.toLocaleString('en-US')} rows: append ${s(bestSluice)} s vs psql \\copy ${s(bestPsql)} s → ${result.append.ratio}×; ` +
        `upsert ${s(upsertSluice)} s vs psql ${s(upsertPsql)} s → ${result.upsert.ratio}×; ` +
        `rollback append ${s(append.rollbackMs[0] ?? 0)} s, upsert ${s(upBack.durationMs)} s`,
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
}): Promise<Record<string, unknown>> {
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
    for (const rows of opts.sizes) sizes.push(await oneSize(bin, server, dir, rows));
  } finally {
    await server.stop();
    rmSync(pgDir, { recursive: true, force: true });
  }
  return { psql: execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim(), sizes };
}
