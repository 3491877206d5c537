// `npm run bench`: every benchmark suite, each measured against a baseline in the same run, written as one
// JSON report to bench-results/ (rewritten after each suite, so a long run that is stopped keeps what it has).
// Sizes: SLUICE_BENCH_ROWS (comma list, default 1000000,10000000). Suites: SLUICE_BENCH_SUITES (comma list,
// default all: openValidate, recipe, pipeline, sync, embed, ui).

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recipeBenchSuite } from '../core/recipe/recipe-bench.js';
import { embedSuite } from './bench/suite-embed.js';
import { openValidateSuite } from './bench/suite-open-validate.js';
import { pipelineSuite } from './bench/suite-pipeline.js';
import { syncSuite } from './bench/suite-sync.js';
import { uiSuite } from './bench/suite-ui.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = join(root, 'bench-results');
const dataDir = join(outDir, 'data');
const sizes = (process.env.SLUICE_BENCH_ROWS ?? '1000000,10000000').split(',').map(Number);
mkdirSync(outDir, { recursive: true });

const SUITES: Record<string, () => Promise<unknown>> = {
  openValidate: () =>
    openValidateSuite(dataDir, sizes, join(root, 'examples', 'orders', 'orders.schema.json')),
  recipe: async () => {
    const results = [];
    for (const rows of sizes) results.push(await recipeBenchSuite(rows));
    return { results };
  },
  pipeline: () => pipelineSuite({ dataDir, sizes }),
  sync: () => syncSuite({ dataDir, sizes }),
  embed: () => embedSuite({ dataDir, sizes }),
  ui: () => uiSuite({ dataDir, sizes }),
};
const chosen = (process.env.SLUICE_BENCH_SUITES ?? Object.keys(SUITES).join(',')).split(',');
const unknown = chosen.filter((s) => !(s in SUITES));
if (unknown.length) {
  console.error(`bench: unknown suite(s) ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}

const date = new Date().toISOString();
const report: Record<string, unknown> = {
  date,
  sizes,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
};
const file = join(outDir, `bench-${date.replace(/[:.]/g, '-')}.json`);
const write = () => {
  const text = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(file, text);
  writeFileSync(join(outDir, 'latest.json'), text);
};
let failed = 0;
for (const name of chosen) {
  const t0 = performance.now();
  console.log(`== ${name}`);
  try {
    report[name] = await (SUITES[name] as () => Promise<unknown>)();
  } catch (e) {
    failed++;
    report[name] = { error: e instanceof Error ? e.message : String(e) };
    console.error(`bench: ${name} failed: ${e instanceof Error ? e.stack : String(e)}`);
  }
  report[`${name}Seconds`] = Math.round((performance.now() - t0) / 1000);
  write();
}
console.log(`Report: ${file}`);
process.exitCode = failed ? 1 : 0;
