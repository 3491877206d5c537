// sluice example: the README's main job. Runs Sluice on the bundled orders example: open, import, profile,
// validate against its schema, then run the example pipeline (validate, apply the example recipe, validate
// again, write the clean rows and the rows left for review) and print the findings before and after.

import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import type { RunInfo } from '../../core/contract/pipeline.js';
import { sluiceHome } from '../../core/project/paths.js';
import { parse } from '../args.js';
import { call, withEngine } from '../host.js';
import { inspectCommand } from './inspect.js';
import { followRun, phasesTable, runExitCode } from './run.js';
import { validateCommand } from './validate.js';

const PIPELINE_FILES = ['orders.sluice.json', 'orders.recipe.json', 'orders.schema.json', 'orders.csv'];

/** Where the bundled examples live (source tree or dist/ build: both are two levels under the root). */
export function examplesDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const root = here.includes(`${join('dist', 'cli')}`)
    ? join(here, '..', '..', '..')
    : join(here, '..', '..');
  return join(root, 'examples');
}

export const EXAMPLE_HELP = `Usage: sluice example [--project DIR] [--json]

Runs Sluice end to end on the bundled example (examples/orders/orders.csv, 10,000 dirty orders, with
examples/orders/orders.schema.json): detects the dialect, imports, profiles every column, validates every
row and prints the findings. Then it runs the example pipeline (examples/orders/orders.sluice.json) on a copy
of the example: validate, fix with the recipe (orders.recipe.json: trims, status and country typos, dates,
prices, percent discounts, emails), validate again, write the rows still flagged to a review CSV and the clean
rows, typed, to Parquet, CSV and the PostgreSQL table sluice_example_orders ($DATABASE_URL, else the local
sandbox database, started on first use); and prints the findings before and after the recipe.
The copy and its outputs live in DIR/pipeline with --project, else in $SLUICE_HOME/examples/orders.
Exit code 1 means findings are left for review, as expected for this dirty file.
(--json prints one JSON object per step: the inspection, the validation, the pipeline run.)`;

/** Copies the example pipeline's files to `dir` (outputs land beside them, never in the install). */
async function copyExample(from: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const f of PIPELINE_FILES) await copyFile(join(from, f), join(dir, f));
  return join(dir, 'orders.sluice.json');
}

function printFindingsDelta(r: RunInfo): void {
  const v = r.phases.filter((p) => p.type === 'validate');
  const [before, after] = [v[0], v.at(-1)];
  if (!before || !after) return;
  const n = (x: number) => x.toLocaleString('en-US');
  const drop = before.findings ? Math.round((1 - after.findings / before.findings) * 100) : 0;
  console.log(
    `\nFindings before the recipe: ${n(before.findings)} in ${n(before.rowsRejected)} rows; ` +
      `after: ${n(after.findings)} in ${n(after.rowsRejected)} rows (${drop}% fixed).`,
  );
  for (const o of r.phases.flatMap((p) => p.outputs ?? []))
    console.log(`  ${o.destination}: ${n(o.rows)} rows → ${o.path ?? `PostgreSQL (sync ${o.jobId ?? ''})`}`);
}

/** Runs the example pipeline on a copy of the example and reports it. */
async function runExamplePipeline(dir: string, json: boolean): Promise<number> {
  const pipelinePath = await copyExample(join(examplesDir(), 'orders'), dir);
  if (!json) console.log(`\n== Running the example pipeline ${pipelinePath}\n`);
  return withEngine(async (engine) => {
    const s = await call(engine, 'runs.start', { pipelinePath });
    const info = await followRun(engine, s.runId, `sluice run ${pipelinePath} --resume ${s.runId}`);
    if (json) console.log(JSON.stringify(info));
    else {
      console.log(phasesTable(info.phases));
      printFindingsDelta(info);
    }
    return runExitCode(info);
  });
}

/** Runs `sluice example`. */
export async function exampleCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, {
    project: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return (void console.log(EXAMPLE_HELP), 0);
  const dir = join(examplesDir(), 'orders');
  const file = join(dir, 'orders.csv');
  const common = [
    ...(values.project ? ['--project', values.project] : []),
    ...(values.json ? ['--json'] : []),
  ];
  if (!values.json) console.log(`== Inspecting ${file}\n`);
  await inspectCommand([file, ...common]);
  if (!values.json) console.log(`\n== Validating against ${join(dir, 'orders.schema.json')}\n`);
  await validateCommand([file, '--schema', join(dir, 'orders.schema.json'), ...common]);
  const work = values.project
    ? join(resolve(values.project), 'pipeline')
    : join(sluiceHome(), 'examples', 'orders');
  return runExamplePipeline(work, values.json ?? false);
}
