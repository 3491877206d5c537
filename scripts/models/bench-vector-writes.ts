// Vector-write micro-benchmark: the embed phase's write path (an appender per chunk, one commit per chunk, a
// checkpoint per row group, as core/embed/chunk-io.ts and checkpoint-window.ts do) for random FLOAT[dim] rows,
// with DuckDB's float compression tried (its default) and held off (compression-hold.ts), in paired rounds.
// Reports µs per row by phase and the file size; asserts nothing.
//   node dist/scripts/models/bench-vector-writes.js [--rows 150000] [--dim 384] [--rounds 2]

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARRAY, BIGINT, DuckDBDataChunk, FLOAT, VARCHAR } from '@duckdb/node-api';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import { holdUncompressedFloats } from '../../core/adapters/compression-hold.js';
import { setVectors } from '../../core/embed/chunk-io.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const ROWS = arg('rows', 150_000);
const DIM = arg('dim', 384);
const ROUNDS = arg('rounds', 2);
const CHUNK = 2048;
const ROW_GROUP = 122_880;
/** Row i of a chunk holds vector i. */
const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ text: i }));

async function once(floatsOff: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-vw-'));
  const path = join(dir, 'v.duckdb');
  const db = await openDuckDb(path);
  const c = await db.connect();
  try {
    await c.run(`SET checkpoint_threshold = '300MiB'`);
    const hold = floatsOff ? await holdUncompressedFloats(c) : undefined;
    await c.run(`CREATE TABLE v (line BIGINT, vector FLOAT[${DIM}], key VARCHAR)`);
    const vectors = new Float32Array(CHUNK * DIM).map(() => Math.random() - 0.5);
    const ms = { append: 0, commit: 0, checkpoint: 0 };
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    let since = 0;
    for (let start = 0; start < ROWS; start += CHUNK) {
      const n = Math.min(CHUNK, ROWS - start);
      let t = performance.now();
      await c.run('BEGIN TRANSACTION');
      const appender = await c.createAppender('v');
      const dc = DuckDBDataChunk.create([BIGINT, ARRAY(FLOAT, DIM), VARCHAR], n);
      dc.setColumnValues(
        0,
        Array.from({ length: n }, (_, i) => BigInt(start + i)),
      );
      setVectors(dc, 1, rowsOf(n), vectors, DIM);
      dc.setColumnValues(
        2,
        Array.from({ length: n }, (_, i) => `k${(start + i).toString(16).padStart(60, '0')}`),
      );
      appender.appendDataChunk(dc);
      appender.flushSync();
      appender.closeSync();
      ms.append += performance.now() - t;
      t = performance.now();
      await c.run('COMMIT');
      ms.commit += performance.now() - t;
      since += n;
      if (since >= ROW_GROUP) {
        t = performance.now();
        await c.run('CHECKPOINT');
        ms.checkpoint += performance.now() - t;
        since = 0;
      }
    }
    const t = performance.now();
    await c.run('CHECKPOINT');
    ms.checkpoint += performance.now() - t;
    const used = process.cpuUsage(cpu);
    const perRow = (v: number) => Math.round((v * 1000 * 10) / ROWS) / 10;
    await hold?.release();
    return {
      floatCompression: floatsOff ? 'off' : 'tried',
      usPerRow: perRow(performance.now() - t0),
      cpuUsPerRow: Math.round(((used.user + used.system) * 10) / ROWS) / 10,
      appendUs: perRow(ms.append),
      commitUs: perRow(ms.commit),
      checkpointUs: perRow(ms.checkpoint),
      fileMb: Math.round(statSync(path).size / 1e6),
    };
  } finally {
    c.closeSync();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

for (let r = 0; r < ROUNDS; r++) {
  for (const off of [false, true])
    console.log(JSON.stringify({ round: r + 1, rows: ROWS, dim: DIM, ...(await once(off)) }));
}
