// sluice similar FILE_OR_PROJECT --column C (--row LINE | --text "…"): the most similar rows (cosine, in DuckDB).

import { AppError } from '../../core/contract/errors.js';
import { OPEN_OPTIONS_HELP, onePath, parse, positiveInt } from '../args.js';
import { call, withEngine } from '../host.js';
import { table } from '../output/table.js';
import { TARGET_OPTIONS, openTarget, requireColumn } from './embed-target.js';

export const SIMILAR_HELP = `Usage: sluice similar FILE_OR_PROJECT --column C (--row LINE | --text "…") [-k N] [options]

Lists the k rows whose vectors in column C are most similar (cosine similarity, 1 = same direction) to the
row at source line LINE (left out of the list), or to a query text embedded with the column's model. The
column must have been embedded first (sluice embed).

Options:
  --column C           the embedded text column (required)
  --row LINE           rows similar to the row on this line of the file (the header is line 1)
  --text "…"           rows similar to this text
  -k N                 how many rows (default 10)
${OPEN_OPTIONS_HELP}
  (--json prints {"column", "modelId", "query", "rows": [{"line", "score", "text"}]})`;

/** Runs `sluice similar`. */
export async function similarCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...TARGET_OPTIONS,
    row: { type: 'string' },
    text: { type: 'string' },
    k: { type: 'string', short: 'k' },
  });
  if (values.help) return (void console.log(SIMILAR_HELP), 0);
  const target = onePath(positionals, 'FILE_OR_PROJECT');
  const column = requireColumn(values);
  if ((values.row === undefined) === (values.text === undefined))
    throw new AppError('BAD_USAGE', 'Give exactly one of --row LINE or --text "…".', {
      hint: 'Run with --help to see the usage.',
    });
  const line = values.row !== undefined ? positiveInt(values.row, 'row', 1) : undefined;
  const k = positiveInt(values.k, 'k', 10);
  return withEngine(
    async (engine) => {
      const { info } = await openTarget(engine, target, values);
      const r = await call(engine, 'embed.similar', {
        datasetId: info.datasetId,
        column,
        line,
        text: values.text,
        k,
      });
      if (values.json) {
        console.log(JSON.stringify(r));
        return 0;
      }
      const q = 'line' in r.query ? `line ${r.query.line}: ${r.query.text ?? ''}` : `"${r.query.text}"`;
      console.log(`Rows most similar to ${q}`);
      console.log(
        table(
          ['score', 'line', column],
          r.rows.map((h) => [h.score.toFixed(3), h.line, h.text]),
          70,
        ),
      );
      return 0;
    },
    { quiet: values.json },
  );
}
