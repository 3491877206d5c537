// sluice suggest FILE --schema S.json: validates, then proposes fixes per findings group with their effect
// measured on the whole file ("parse 2,931 values of order_date with format %d/%m/%Y — fixes 2,931 of 4,890
// findings"). Each suggestion is a recipe operation; --recipe writes the best one per group as a recipe.

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { RECIPE_FORMAT_VERSION, type Recipe, type Suggestion } from '../../core/contract/recipe.js';
import type { RuleName } from '../../core/contract/validation.js';
import { OPEN_OPTIONS, OPEN_OPTIONS_HELP, onePath, overridesFrom, parse, positiveInt } from '../args.js';
import { call, withEngine } from '../host.js';
import { openAndImport } from './open-dataset.js';
import { readSchemaArg, requireSchemaOption, setSchemaArg } from './schema-arg.js';

export const SUGGEST_HELP = `Usage: sluice suggest FILE --schema SCHEMA.json [--column C] [--rule R] [--recipe OUT.json] [options]

Imports FILE (once), validates it against the Table Schema and, for each group of findings (column × rule),
proposes operations with their effect on the whole file: values changed and findings fixed. Exit code: 0
(also when there is nothing to fix), 2 bad usage or unreadable input.

Options:
  --schema PATH        Frictionless Table Schema (JSON); required
  --column C           only findings of this column
  --rule R             only findings of this rule (type, required, enum, pattern, unique…)
  --max N              suggestions per group besides dropping the rows (default 3)
  --recipe PATH        also write the best suggestion of each group as a recipe (apply it with sluice recipe apply)
${OPEN_OPTIONS_HELP}
  (--json prints {"file", "findings", "suggestions": [{column, rule, title, op, valuesChanged, findingsFixed, findingsTotal, otherValuesChanged}]})`;

/** The best suggestion per group (the first, as they come best first), dropping rows only as a last resort. */
function bestPerGroup(list: Suggestion[]): Suggestion[] {
  const best = new Map<string, Suggestion>();
  for (const s of list) {
    const k = `${s.column}\u0000${s.rule}`;
    const have = best.get(k);
    if (!have || (have.op.op === 'dropRowsWithFindings' && s.op.op !== 'dropRowsWithFindings'))
      best.set(k, s);
  }
  return [...best.values()].filter((s) => s.op.op !== 'dropRowsWithFindings');
}

/** Runs `sluice suggest`. */
export async function suggestCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...OPEN_OPTIONS,
    schema: { type: 'string' },
    column: { type: 'string' },
    rule: { type: 'string' },
    max: { type: 'string' },
    recipe: { type: 'string' },
  });
  if (values.help) return (void console.log(SUGGEST_HELP), 0);
  const path = onePath(positionals);
  const schemaOption = requireSchemaOption(values.schema);
  const maxPerGroup = positiveInt(values.max, 'max', 3);
  const schemaArg = await readSchemaArg(schemaOption);
  return withEngine(async (engine) => {
    const { info } = await openAndImport(engine, path, {
      project: values.project,
      overrides: overridesFrom(values),
      reimport: values.reimport,
    });
    const datasetId = info.datasetId;
    await setSchemaArg(engine, datasetId, schemaArg);
    const findings = await call(engine, 'validation.run', { datasetId });
    const suggestions = await call(engine, 'suggestions.list', {
      datasetId,
      column: values.column,
      rule: values.rule as RuleName | undefined,
      maxPerGroup,
    });
    if (values.recipe) {
      const recipe: Recipe = {
        format: 'sluice-recipe',
        version: RECIPE_FORMAT_VERSION,
        name: `suggested fixes for ${info.source.path}`,
        columns: info.columns.map((c) => c.name),
        steps: bestPerGroup(suggestions).map((s, i) => ({
          id: `s${i + 1}`,
          op: s.op,
          enabled: true,
          note: s.title,
        })),
      };
      await writeFile(resolve(values.recipe), `${JSON.stringify(recipe, null, 2)}\n`);
    }
    if (values.json) {
      const { durationMs: _ms, ...summary } = findings;
      console.log(JSON.stringify({ file: info.source.path, findings: summary, suggestions }));
      return 0;
    }
    const n = (x: number) => x.toLocaleString('en-US');
    console.log(
      `${n(findings.total)} findings in ${n(findings.rowsWithFindings)} of ${n(findings.rows)} rows`,
    );
    if (suggestions.length === 0) console.log('No suggestions.');
    let group = '';
    for (const s of suggestions) {
      const g = `${s.column} · ${s.rule}`;
      if (g !== group) console.log(`\n${g} (${n(s.findingsTotal)} findings)`);
      group = g;
      console.log(`  - ${s.title}`);
    }
    if (values.recipe) console.log(`\nBest suggestion per group written as a recipe to ${values.recipe}`);
    return 0;
  });
}
