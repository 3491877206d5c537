// sluice schema infer FILE [--out schema.json]: a Frictionless Table Schema inferred from the data.

import { writeFile } from 'node:fs/promises';
import { AppError } from '../../core/contract/errors.js';
import { OPEN_OPTIONS, OPEN_OPTIONS_HELP, onePath, overridesFrom, parse } from '../args.js';
import { call, withEngine } from '../host.js';
import { openAndImport } from './open-dataset.js';

export const SCHEMA_HELP = `Usage: sluice schema infer FILE [--out schema.json] [options]

Infers a Frictionless Table Schema (types, formats, obvious constraints) from the whole file and prints it
(or writes it to --out). Edit it, then check the data with: sluice validate FILE --schema schema.json

Options:
  --out PATH           write the schema to PATH instead of stdout
${OPEN_OPTIONS_HELP}`;

/** Runs `sluice schema …`. */
export async function schemaCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === undefined)
    return (void console.log(SCHEMA_HELP), sub ? 0 : 2);
  if (sub !== 'infer')
    throw new AppError('BAD_USAGE', `Unknown schema command '${sub}'.`, {
      hint: 'Use: sluice schema infer FILE.',
    });
  const { values, positionals } = parse(rest, { ...OPEN_OPTIONS, out: { type: 'string' } });
  if (values.help) return (void console.log(SCHEMA_HELP), 0);
  const path = onePath(positionals);
  return withEngine(async (engine) => {
    const { info } = await openAndImport(engine, path, {
      project: values.project,
      overrides: overridesFrom(values),
      reimport: values.reimport,
    });
    const schema = await call(engine, 'schema.infer', { datasetId: info.datasetId });
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    if (values.out) {
      await writeFile(values.out, text);
      console.error(`Wrote ${schema.fields.length} fields to ${values.out}`);
    } else process.stdout.write(text);
    return 0;
  });
}
