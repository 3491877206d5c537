// sluice recipe apply FILE --recipe R.json [--out OUT.csv|.parquet]: the daily drop — a recipe exported from
// one file replays on the next file with the same columns. sluice recipe export FILE --out R.json: the
// working recipe of FILE's project (made in the UI) as a file.

import { resolve } from 'node:path';
import { AppError } from '../../core/contract/errors.js';
import type { RecipeChange } from '../../core/contract/api-recipe.js';
import type { Engine } from '../../core/engine/index.js';
import { OPEN_OPTIONS, OPEN_OPTIONS_HELP, onePath, overridesFrom, parse } from '../args.js';
import { call, withEngine } from '../host.js';
import { table } from '../output/table.js';
import { openAndImport } from './open-dataset.js';
import { readSchemaArg, setSchemaArg } from './schema-arg.js';

export const RECIPE_HELP = `Usage: sluice recipe apply FILE --recipe RECIPE.json [--out OUT.csv|OUT.parquet] [options]
       sluice recipe export FILE --out RECIPE.json [--name NAME] [options]

apply   Imports FILE (once), replaces its working recipe with RECIPE.json and applies every step; prints
        what each step changed. A step needing a column FILE lacks fails before any work, naming the step
        and the column (exit 2). With --schema the data is validated first (steps scoped to findings use
        them) and again after the recipe; exit 1 when findings remain.
export  Writes the working recipe of FILE's project (what was applied in the UI) to a recipe file.

Options:
  --recipe PATH        the recipe (JSON, as written by export or the UI); required for apply
  --out PATH           apply: write the result (CSV, or Parquet for .parquet); export: the recipe file
  --schema PATH        apply: validate against this Table Schema before and after
  --secret NAME=VALUE  a salt for hash steps (repeatable); SLUICE_SECRET_<NAME> in the environment works too
  --name NAME          export: the recipe's name
${OPEN_OPTIONS_HELP}
  (--json prints {"file", "rowsIn", "rowsOut", "steps": [...], "output"?, "findings"?})`;

const OPTIONS = {
  ...OPEN_OPTIONS,
  recipe: { type: 'string' },
  out: { type: 'string' },
  schema: { type: 'string' },
  secret: { type: 'string', multiple: true },
  name: { type: 'string' },
} as const;

/** Secrets from SLUICE_SECRET_<NAME> and --secret NAME=VALUE (the flag wins). */
function secretsFrom(flags: string[] | undefined, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (k.startsWith('SLUICE_SECRET_') && v !== undefined) out[k.slice('SLUICE_SECRET_'.length)] = v;
  for (const f of flags ?? []) {
    const eq = f.indexOf('=');
    if (eq <= 0) throw new AppError('BAD_USAGE', `--secret must be NAME=VALUE, got '${f}'.`, {});
    out[f.slice(0, eq)] = f.slice(eq + 1);
  }
  return out;
}

async function setSchema(engine: Engine, datasetId: string, path: string): Promise<void> {
  await setSchemaArg(engine, datasetId, await readSchemaArg(path));
}

function printApplied(r: RecipeChange): void {
  const rows = r.results.map((s) => [
    s.index + 1,
    s.op + (s.enabled ? '' : ' (disabled)'),
    s.rowsChanged,
    s.rowsOut,
    Math.round(s.ms),
  ]);
  if (rows.length) console.log(table(['step', 'operation', 'rows changed', 'rows out', 'ms'], rows));
  console.log(`\n${r.rows.toLocaleString('en-US')} rows after ${r.results.length} step(s)`);
}

/** Runs `sluice recipe …`. */
export async function recipeCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === undefined)
    return (void console.log(RECIPE_HELP), sub ? 0 : 2);
  if (sub !== 'apply' && sub !== 'export')
    throw new AppError('BAD_USAGE', `Unknown recipe command '${sub}'.`, {
      hint: 'Use: sluice recipe apply FILE --recipe R.json, or sluice recipe export FILE --out R.json.',
    });
  const { values, positionals } = parse(rest, OPTIONS);
  if (values.help) return (void console.log(RECIPE_HELP), 0);
  const path = onePath(positionals);
  if (sub === 'apply' && !values.recipe)
    throw new AppError('BAD_USAGE', 'Missing --recipe RECIPE.json.', {
      hint: 'Export one from the UI, or with: sluice recipe export FILE --out recipe.json',
    });
  if (sub === 'export' && !values.out) throw new AppError('BAD_USAGE', 'Missing --out RECIPE.json.', {});
  const secrets = secretsFrom(values.secret, process.env);
  return withEngine(async (engine) => {
    const { info } = await openAndImport(engine, path, {
      project: values.project,
      overrides: overridesFrom(values),
      reimport: values.reimport,
    });
    const datasetId = info.datasetId;
    // Before anything opens the recipe: a saved hash step needs its salt to apply.
    if (Object.keys(secrets).length) await call(engine, 'recipe.setSecrets', { datasetId, secrets });
    if (sub === 'export') {
      const r = await call(engine, 'recipe.export', {
        datasetId,
        path: values.out as string,
        name: values.name,
      });
      if (values.json) console.log(JSON.stringify({ path: r.path, steps: r.steps }));
      else console.error(`Wrote ${r.steps} step(s) to ${r.path}`);
      return 0;
    }
    if (values.schema) {
      await setSchema(engine, datasetId, values.schema);
      await call(engine, 'validation.run', { datasetId });
    }
    const applied = await call(engine, 'recipe.import', {
      datasetId,
      path: resolve(values.recipe as string),
      confirmReplace: true,
    });
    const output = values.out
      ? await call(engine, 'recipe.writeData', { datasetId, path: values.out })
      : undefined;
    const findings = applied.findings;
    if (values.json) {
      const rowsIn = applied.results[0]?.rowsIn ?? applied.rows;
      console.log(
        JSON.stringify({
          file: info.source.path,
          rowsIn,
          rowsOut: applied.rows,
          steps: applied.results,
          ...(output ? { output } : {}),
          ...(findings ? { findings } : {}),
        }),
      );
    } else {
      printApplied(applied);
      if (findings)
        console.log(
          `${findings.total.toLocaleString('en-US')} findings left in ${findings.rowsWithFindings.toLocaleString('en-US')} rows`,
        );
      if (output)
        console.log(`Wrote ${output.rows.toLocaleString('en-US')} rows to ${output.path} (${output.format})`);
    }
    return values.schema && findings && findings.total > 0 ? 1 : 0;
  });
}
