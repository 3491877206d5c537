// Measures the import against bare DuckDB on the same generated data, in the same run, rounds interleaved
// (the machine may be shared; medians are reported). Bare DuckDB cannot read the dirty file as it is
// (`read_csv` stops at the first bad line, and with ignore_errors it silently drops most rows of this
// file), so two baselines are taken: bare read_csv of the same data without the defects, and read_csv of
// the dirty file with store_rejects.
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

async function timeSql(db: DuckDbHandle, sql: string): Promise<number> {
  return withConnection(db, async (c) => {
    await c.run('DROP TABLE IF EXISTS bare; DROP TABLE IF EXISTS bare_rj; DROP TABLE IF EXISTS bare_rs');
    const t = performance.now();
    await c.run(sql);
    return performance.now() - t;
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const dir = await mkdtemp(join(tmpdir(), 'sluice-import-bench-'));
try {
  const dirty = join(dir, 'dirty.csv');
  const clean = join(dir, 'clean.csv');
  const stats = await writeDirtyCsv(dirty, rows);
  await writeDirtyCsv(clean, rows, Number.MAX_SAFE_INTEGER);
  const tmp = join(dir, 'tmp');
  await mkdir(tmp);
  const db = await openDuckDb(join(dir, 'bench.duckdb'), { memoryLimitMb: 4096 });
  const t = { bareClean: [] as number[], bareDirtyRejects: [] as number[], import: [] as number[] };
  let last;
  try {
    for (let round = 0; round < rounds; round++) {
      t.bareClean.push(
        await timeSql(db, `CREATE TABLE bare AS SELECT * FROM read_csv(${quoteLiteral(clean)})`),
      );
      t.bareDirtyRejects.push(
        await timeSql(
          db,
          `CREATE TABLE bare AS SELECT * FROM read_csv(${quoteLiteral(dirty)}, store_rejects = true, rejects_table = 'bare_rj', rejects_scan = 'bare_rs')`,
        ),
      );
      const t0 = performance.now();
      last = await importCsv({ path: dirty, detection: detection(), db, datasetId: 'bench', tmpDir: tmp });
      t.import.push(performance.now() - t0);
    }
  } finally {
    db.close();
  }
  const ms = {
    bareClean: median(t.bareClean),
    bareDirtyRejects: median(t.bareDirtyRejects),
    import: median(t.import),
  };
  const rps = (m: number) => Math.round(rows / (m / 1000));
  console.log(
    JSON.stringify(
      {
        rows,
        bytes: stats.bytes,
        rounds,
        medianMs: ms,
        rowsPerSec: {
          bareClean: rps(ms.bareClean),
          bareDirtyRejects: rps(ms.bareDirtyRejects),
          import: rps(ms.import),
        },
        ratioVsBareClean: Number((ms.bareClean / ms.import).toFixed(3)),
        ratioVsBareDirtyRejects: Number((ms.bareDirtyRejects / ms.import).toFixed(3)),
        allMs: t,
        import: last && {
          rowsImported: last.rowsImported,
          linesRejected: last.linesRejected,
          blankLines: last.blankLines,
        },
        injected: stats,
      },
      null,
      2,
    ),
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
