// sluice embed FILE_OR_PROJECT --column C: vectors for a text column, on this machine (resumable, cached).

import type { EmbedRunResult } from '../../core/contract/api-embed.js';
import { AppError } from '../../core/contract/errors.js';
import { OPEN_OPTIONS_HELP, onePath, parse, positiveInt } from '../args.js';
import { call, withEngine } from '../host.js';
import { table } from '../output/table.js';
import { TARGET_OPTIONS, openTarget, requireColumn } from './embed-target.js';

export const EMBED_HELP = `Usage: sluice embed FILE_OR_PROJECT --column C [--model NAME|FOLDER] [--device cpu|cuda] [options]

Computes a vector for every non-empty text of column C, locally (the text never leaves this machine), and
keeps them in the project's workspace for \`sluice similar\` and for sync. Work is committed chunk by chunk:
an interrupted run (Ctrl-C, a crash) continues where it stopped, and texts this model embedded before (in any
file of the project) come from the cache.

Options:
  --column C           the text column (required)
  --model NAME|FOLDER  a bundled model (default lexical-hash-384: near-duplicates and shared words, not
                       meaning) or a sentence-transformers ONNX folder (model.onnx + tokenizer.json)
  --device cpu|cuda    where to run the model (default cpu); without CUDA, a message and CPU
  --batch-size N       texts per inference call (default 8 on CPU, 64 on CUDA)
  --threads N          ONNX Runtime threads per model instance
${OPEN_OPTIONS_HELP}
  (--json prints {"model", "dimension", "rows", "rowsEmbedded", "rowsFromCache", "rowsAlreadyDone",
   "textsPerSecond", "device", "warnings", …})
FILE_OR_PROJECT is a CSV file, or a project folder made by Sluice (its file is used).`;

const n = (x: number) => x.toLocaleString('en-US');

/** Runs `sluice embed`. */
export async function embedCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...TARGET_OPTIONS,
    model: { type: 'string' },
    device: { type: 'string' },
    'batch-size': { type: 'string' },
    threads: { type: 'string' },
  });
  if (values.help) return (void console.log(EMBED_HELP), 0);
  const target = onePath(positionals, 'FILE_OR_PROJECT');
  const column = requireColumn(values);
  const device = values.device ?? 'cpu';
  if (device !== 'cpu' && device !== 'cuda')
    throw new AppError('BAD_USAGE', `Unknown device '${device}'.`, {
      hint: 'Use --device cpu or --device cuda.',
    });
  const batchSize = values['batch-size'] ? positiveInt(values['batch-size'], 'batch-size', 8) : undefined;
  const threads = values.threads ? positiveInt(values.threads, 'threads', 1) : undefined;
  return withEngine(async (engine) => {
    const { info } = await openTarget(engine, target, values);
    const r = await call(engine, 'embed.run', {
      datasetId: info.datasetId,
      column,
      model: values.model,
      device,
      batchSize,
      threads,
    });
    for (const w of r.warnings) process.stderr.write(`sluice: ${w}\n`);
    if (values.json) console.log(JSON.stringify({ file: info.source.path, ...r }));
    else printResult(info.source.path, r);
    return 0;
  });
}

function printResult(file: string, r: EmbedRunResult): void {
  console.log(
    `Embedded column "${r.column}" of ${file} with ${r.model} (${r.dimension} dimensions, ${r.device}) ` +
      `in ${(r.durationMs / 1000).toFixed(1)}s`,
  );
  console.log(
    table(
      ['rows', 'count'],
      [
        ['with text (have a vector)', r.rows],
        ['embedded now', r.rowsEmbedded],
        ['from the cache', r.rowsFromCache],
        ['already done, unchanged', r.rowsAlreadyDone],
        ['empty text (no vector)', r.rowsSkipped],
      ],
    ),
  );
  if (r.textsEmbedded > 0)
    console.log(`${n(r.textsEmbedded)} distinct texts at ${n(Math.round(r.textsPerSecond))} texts/s`);
  if (r.truncated > 0) console.log(`${n(r.truncated)} texts were cut at the model's maximum length.`);
  if (r.model.startsWith('lexical'))
    console.log('Note: the lexical model finds near-duplicates and shared words, not shared meaning.');
}
