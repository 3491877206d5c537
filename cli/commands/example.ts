// sluice example: the README's main job. Runs Sluice on the bundled orders example: open, import, profile,
// validate against its schema, and print what it found.

import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from '../args.js';
import { inspectCommand } from './inspect.js';
import { validateCommand } from './validate.js';

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
row and prints the findings. Exit code 1 means findings were found, as expected for this dirty file.`;

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
  return validateCommand([file, '--schema', join(dir, 'orders.schema.json'), ...common]);
}
