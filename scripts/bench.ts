// `npm run bench`: every benchmark suite, each measured against a baseline in the same run, written as one
// JSON report to bench-results/. Sizes: SLUICE_BENCH_ROWS (comma list, default 1000000,10000000).

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openValidateSuite } from './bench/suite-open-validate.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(root, 'bench-results');
const dataDir = join(outDir, 'data');
const sizes = (process.env.SLUICE_BENCH_ROWS ?? '1000000,10000000').split(',').map(Number);
mkdirSync(outDir, { recursive: true });

const report = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  openValidate: await openValidateSuite(
    dataDir,
    sizes,
    join(root, 'examples', 'orders', 'orders.schema.json'),
  ),
};
const file = join(outDir, `bench-${report.date.replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(`Report: ${file}`);
