// sluice preview FILE: the first N records, parsed without importing.

import { OPEN_OPTIONS, OPEN_OPTIONS_HELP, onePath, overridesFrom, parse, positiveInt } from '../args.js';
import { call, withEngine } from '../host.js';
import { table } from '../output/table.js';

export const PREVIEW_HELP = `Usage: sluice preview FILE [--rows N] [options]

Prints the first N records (default 20; 200 with --json) parsed with the detected dialect, without importing.
With --json: {"columns": [names], "rows": [[values as strings, null for missing]]}.

Options:
  --rows N             how many records
${OPEN_OPTIONS_HELP}`;

/** Runs `sluice preview`. */
export async function previewCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { ...OPEN_OPTIONS, rows: { type: 'string' } });
  if (values.help) return (void console.log(PREVIEW_HELP), 0);
  const path = onePath(positionals);
  const rows = positiveInt(values.rows, 'rows', values.json ? 200 : 20);
  return withEngine(
    async (engine) => {
      const p = await call(engine, 'datasets.preview', { path, rows, overrides: overridesFrom(values) });
      if (values.json)
        console.log(
          JSON.stringify({ columns: p.columns, rows: p.rows, lines: p.lines, truncated: p.truncated }),
        );
      else
        console.log(
          table(
            ['line', ...p.columns],
            p.rows.map((r, i) => [p.lines[i] ?? null, ...r]),
            30,
          ),
        );
      return 0;
    },
    { quiet: true },
  );
}
