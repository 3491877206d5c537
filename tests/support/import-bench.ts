// Measures the import against bare DuckDB on the same generated data, in the same run, rounds interleaved
// (the machine may be shared: medians and minimums of wall and process CPU time are reported).
// Bare DuckDB cannot read the dirty file as it is (`read_csv` stops at the first bad line; with ignore_errors
// it silently drops most rows of this file; with store_rejects its sniffer makes it many times slower), so
// the baselines read the same generated data without the defects: `read_csv(file)` (typed columns), and
// `read_csv(file, all_varchar = true)`, which stores what the import stores (text, as written).
// Run: npx esbuild tests/support/import-bench.ts --bundle --platform=node --format=esm --packages=external \
//        --outfile=node_modules/.cache/sluice-import-bench.mjs && node node_modules/.cache/sluice-import-bench.mjs [rows] [rounds]
// Prints one JSON object; no timing is asserted anywhere.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb, withConnection, type DuckDbHandle } from '../../core/adapters/duckdb.js';
import { importCsv } from '../../core/import/index.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { detection } from './import-detection.js';
import { writeDirtyCsv } from './dirty-csv.js';

const rows = Number(process.argv[2] ?? 1_000_000);
const rounds = Number(process.argv[3] ?? 3);

interface Timing {
  wallMs: number;
  cpuMs: number;
}

async function timed(fn: () => Promise<unknown>): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const cpu = process.cpuUsage(cpu0);
  return { wallMs: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

function bare(db: DuckDbHandle, sql: string): Promise<Timing> {
  return withConnection(db, async (c) => {
    await c.run('DROP TABLE IF EXISTS bare');
    return timed(() => c.run(sql));
  });
}

const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: Math.round(s[Math.floor(s.length / 2)]!), min: Math.round(s[0]!) };
};

const dir = await mkdtemp(join(tmpdir(), 'sluice-import-bench-'));
try {
  const dirty = join(dir, 'dirty.csv');
  const clean = join(dir, 'clean.csv');
  const stats = await writeDirtyCsv(dirty, rows);
  await writeDirtyCsv(clean, rows, Number.MAX_SAFE_INTEGER);
  const tmp = join(dir, 'tmp');
  await mkdir(tmp);
  const db = await openDuckDb(join(dir, 'bench.duckdb'), { memoryLimitMb: 4096 });
  const runs: Record<'bare' | 'bareAllVarchar' | 'import', Timing[]> = {
    bare: [],
    bareAllVarchar: [],
    import: [],
  };
  let last;
  let bareDirty: string;
  try {
    bareDirty = await bare(db, `CREATE TABLE bare AS SELECT * FROM read_csv(${quoteLiteral(dirty)})`).then(
      (t) => `${Math.round(t.wallMs)} ms`,
      (e: unknown) => `fails: ${String(e).split('\n')[0]}`,
    );
    for (let round = 0; round < rounds; round++) {
      runs.bare.push(await bare(db, `CREATE TABLE bare AS SELECT * FROM read_csv(${quoteLiteral(clean)})`));
      runs.bareAllVarchar.push(
        await bare(
          db,
          `CREATE TABLE bare AS SELECT * FROM read_csv(${quoteLiteral(clean)}, all_varchar = true)`,
        ),
      );
      runs.import.push(
        await timed(async () => {
          last = await importCsv({
            path: dirty,
            detection: detection(),
            db,
            datasetId: 'bench',
            tmpDir: tmp,
          });
        }),
      );
    }
  } finally {
    db.close();
  }
  const summary = Object.fromEntries(
    Object.entries(runs).map(([k, ts]) => [
      k,
      { wallMs: stat(ts.map((t) => t.wallMs)), cpuMs: stat(ts.map((t) => t.cpuMs)) },
    ]),
  ) as unknown as Record<keyof typeof runs, { wallMs: { median: number }; cpuMs: { median: number } }>;
  const ratio = (k: 'bare' | 'bareAllVarchar') =>
    Number((summary[k].wallMs.median / summary.import.wallMs.median).toFixed(3));
  console.log(
    JSON.stringify(
      {
        rows,
        bytes: stats.bytes,
        rounds,
        summary,
        rowsPerSec: Object.fromEntries(
          Object.entries(summary).map(([k, v]) => [k, Math.round(rows / (v.wallMs.median / 1000))]),
        ),
        ratioVsBare: ratio('bare'),
        ratioVsBareAllVarchar: ratio('bareAllVarchar'),
        bareDirty,
        import: last && { ...(last as object), columns: undefined },
        injected: stats,
      },
      null,
      2,
    ),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
