// Issue 6's benchmark in `npm run bench`: texts/s of the default lexical model and of a BERT-shaped model of
// realistic size (6 layers, hidden 384, random weights) at several batch sizes and thread counts, and Sluice's
// embed phase (embedColumn: DuckDB reads, batching, checks, cache and checkpoint writes; in-process and with the
// model in the worker pool) against a bare loop of InferenceSession.run on the same inputs in the same run.
// The measuring code is scripts/models/bench-embed.ts; this file sizes it and states the target.

import { join } from 'node:path';
import { benchEmbed, type OverheadRow } from '../models/bench-embed.js';
import { createWorkerPool } from '../../workers/pool.js';

/** The embed phase should keep at least this share of bare session.run throughput. */
export const TARGET_RATIO = 0.85;

// The harness sizes are table rows (millions); embedding is measured on a sample that ends in minutes.
const LEXICAL_CAP = 20_000;
const BERT_CAP = 512;

/** Runs the embedding benchmark; `sizes` bound the number of texts (the largest size, capped). */
export async function embedSuite(opts: {
  dataDir: string;
  sizes: number[];
}): Promise<Record<string, unknown>> {
  const size = Math.max(1, ...opts.sizes);
  const lexicalTexts = Math.min(size, LEXICAL_CAP);
  const bertTexts = Math.min(Math.max(64, Math.round(size / 40)), BERT_CAP);
  const report = await benchEmbed({
    lexicalTexts,
    bertTexts,
    batchSizes: [8, 32, 128],
    threads: [1, 2],
    reps: size >= 4000 ? 3 : 2,
    createPool: (threads) => createWorkerPool({ threads }),
    // The ≈90 MB random-weight model is built once and kept with the benchmark data.
    bertDir: join(opts.dataDir, 'bench-bert-384'),
  });
  const ratios = (rows: OverheadRow[]) =>
    Object.fromEntries(rows.map((r) => [`${r.model} · ${r.mode} · ${r.threads} threads`, r.ratio]));
  const best = Math.max(...report.overhead.map((r) => r.ratio));
  const section = {
    texts: { lexical: lexicalTexts, bert: bertTexts },
    ...report,
    ratios: ratios(report.overhead),
    targets: {
      ratio: TARGET_RATIO,
      // Per model, the better of in-process and workers at each thread count must reach the target.
      met: report.overhead.every((r) =>
        report.overhead
          .filter((o) => o.model === r.model && o.threads === r.threads)
          .some((o) => o.ratio >= TARGET_RATIO),
      ),
      bestRatio: best,
    },
  };
  return section;
}
