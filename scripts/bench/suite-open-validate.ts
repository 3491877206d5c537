// Issue 2's benchmark: preview latency, import + validate throughput against bare DuckDB, peak RSS.

import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { generateOrders } from '../data/orders.js';
import { median, runChild } from './measure.js';

/** Writes the dirty orders file of `rows` rows into `dir` unless it is there already. */
export async function ordersFile(dir: string, rows: number): Promise<string> {
  const file = join(dir, `orders-${rows}.csv`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  // Written synchronously chunk by chunk: a 1.5 GB file never sits in memory.
  const fd = openSync(`${file}.part`, 'w');
  try {
    generateOrders(rows, (c) => writeSync(fd, c), { seed: 1, noteChars: 60 });
  } finally {
    closeSync(fd);
  }
  renameSync(`${file}.part`, file);
  return file;
}

/** Runs the suite for each size; returns the report section. */
export async function openValidateSuite(dataDir: string, sizes: number[], schemaPath: string) {
  const results: Record<string, unknown>[] = [];
  for (const rows of sizes) {
    const file = await ordersFile(dataDir, rows);
    const bytes = statSync(file).size;
    const previews = [];
    for (let i = 0; i < 5; i++) previews.push(Number((await runChild('child-preview', [file])).ms));
    const bare = await runChild('child-bare', [file]);
    const sluice = await runChild('child-sluice', [file, schemaPath]);
    const ratio = Number(bare.totalMs) / Number(sluice.totalMs);
    results.push({
      rows,
      bytes,
      previewMsMedian: median(previews),
      previewMs: previews,
      bare,
      sluice,
      rowsPerSec: {
        bare: rows / (Number(bare.totalMs) / 1000),
        sluice: rows / (Number(sluice.totalMs) / 1000),
      },
      throughputRatio: ratio,
      targets: {
        previewUnder300ms: median(previews) < 300,
        ratioAtLeast0_7: ratio >= 0.7,
        rssAtMost1GB: sluice.maxRssMb <= 1024,
      },
    });
    console.log(
      `${rows.toLocaleString('en-US')} rows (${(bytes / 1e6).toFixed(0)} MB): preview ${median(previews).toFixed(0)} ms, ` +
        `sluice ${(Number(sluice.totalMs) / 1000).toFixed(1)} s vs bare ${(Number(bare.totalMs) / 1000).toFixed(1)} s → ${ratio.toFixed(2)}×, ` +
        `peak RSS ${sluice.maxRssMb} MB`,
    );
  }
  const first = results[0]?.sluice as { maxRssMb: number } | undefined;
  const last = results.at(-1)?.sluice as { maxRssMb: number } | undefined;
  const rssGrowth = first && last ? last.maxRssMb / first.maxRssMb : null;
  return { results, rssGrowth, rssGrowthUnder1_5: rssGrowth !== null && rssGrowth < 1.5 };
}
