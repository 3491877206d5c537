// Embedding benchmark: texts/s of the default lexical model and of a BERT-shaped model of realistic size
// (6 layers, hidden 384) at several batch sizes and thread counts, and the overhead of Sluice's embed phase
// (tokenize, batch, check, DuckDB reads, cache and checkpoint writes) versus a bare loop of session.run over the
// same prepared inputs, in the same process. Reports numbers; asserts nothing.
//   node dist/scripts/models/bench-embed.js [--quick] [--out bench-results/embed.json]

import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDuckDb, withConnection } from '../../core/adapters/duckdb.js';
import { openOnnxSession, type OnnxFeed } from '../../core/adapters/onnx.js';
import { createHfTokenizer } from '../../core/adapters/tokenizer.js';
import { embedColumn } from '../../core/embed/embed-column.js';
import { loadEmbedder } from '../../core/embed/embedder.js';
import { lexicalRunner } from '../../core/embed/lexical-runner.js';
import { readModelFolder } from '../../core/embed/model-folder.js';
import { resolveModel } from '../../core/embed/resolve-model.js';
import type { PreparedText, Runner } from '../../core/embed/runner.js';
import { transformerRunner } from '../../core/embed/transformer-runner.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { benchTexts, writeBenchBertFolder } from './bench-bert.js';

/** One throughput measurement. */
export interface ThroughputRow {
  model: string;
  batchSize: number;
  threads: number;
  texts: number;
  tokensPerText: number;
  textsPerSecond: number;
}

/** Sluice's embed phase against a bare session.run loop on the same inputs. */
export interface OverheadRow {
  model: string;
  batchSize: number;
  threads: number;
  texts: number;
  bareTextsPerSecond: number;
  sluiceTextsPerSecond: number;
  /** sluice / bare (1 = no overhead). */
  ratio: number;
}

interface BenchModel {
  label: string;
  model: string;
  texts: string[];
}

const secondsSince = (t: number) => (performance.now() - t) / 1000;

async function throughput(m: BenchModel, batchSize: number, threads: number): Promise<ThroughputRow> {
  const e = await loadEmbedder({ model: m.model, batchSize, threads });
  try {
    await e.embed(m.texts.slice(0, batchSize)); // warm-up: first-run allocations and kernel selection
    const t = performance.now();
    const r = await e.embed(m.texts);
    const s = secondsSince(t);
    return {
      model: m.label,
      batchSize,
      threads,
      texts: m.texts.length,
      tokensPerText: r.tokens / m.texts.length,
      textsPerSecond: m.texts.length / s,
    };
  } finally {
    await e.close();
  }
}

/** A runner over its own session, to build exactly the feeds Sluice builds; the session is timed bare. */
async function bareRunner(model: string, threads: number) {
  const resolved = await resolveModel(model);
  if (resolved.kind === 'lexical') {
    const { session } = await openOnnxSession(resolved.path, { threads });
    const runner: Runner<PreparedText> = lexicalRunner(
      session,
      resolved.entry.dimension,
      resolved.entry.maxSequenceLength,
    );
    return { runner, session };
  }
  const f = await readModelFolder(resolved.dir);
  const { session } = await openOnnxSession(f.modelPath, { threads });
  const settings = {
    tokenizer: createHfTokenizer(f.tokenizerJson, f.tokenizerConfig),
    pooling: f.pooling,
    normalize: f.normalize,
    maxLength: f.maxLength,
    label: f.name,
  };
  const runner: Runner<PreparedText> = transformerRunner(session, settings, 0);
  return { runner, session };
}

/** Texts/s of session.run alone over pre-built, length-sorted batches (no tokenizing, pooling or I/O). */
async function bareLoop(model: string, texts: string[], batchSize: number, threads: number): Promise<number> {
  const { runner, session } = await bareRunner(model, threads);
  try {
    const prepared = texts.map((t) => runner.prepare(t)).sort((a, b) => b.length - a.length);
    const batches: Record<string, OnnxFeed>[] = [];
    for (let i = 0; i < prepared.length; i += batchSize)
      batches.push(runner.feeds(prepared.slice(i, i + batchSize)));
    await session.run(batches[batches.length - 1]!, runner.outputNames);
    const t = performance.now();
    for (const feeds of batches) await session.run(feeds, runner.outputNames);
    return texts.length / secondsSince(t);
  } finally {
    await session.close();
  }
}

/** Texts/s of embedColumn over a fresh DuckDB table of the texts (empty cache: everything is embedded). */
async function sluiceLoop(
  model: string,
  texts: string[],
  batchSize: number,
  threads: number,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-embed-'));
  const db = await openDuckDb(join(dir, 'bench.duckdb'));
  const e = await loadEmbedder({ model, batchSize, threads });
  try {
    await withConnection(db, async (c) => {
      await c.run('CREATE TABLE b__source (__line BIGINT, text VARCHAR)');
      for (let i = 0; i < texts.length; i += 1000) {
        const part = texts.slice(i, i + 1000).map((t, j) => `(${i + j + 2}, ${quoteLiteral(t)})`);
        await c.run(`INSERT INTO b__source VALUES ${part.join(',')}`);
      }
    });
    await e.embed(texts.slice(0, batchSize)); // same warm-up as the bare loop
    const t = performance.now();
    const r = await embedColumn(db, { datasetId: 'b', column: 'text' }, e, {
      chunkSize: Math.max(256, batchSize * 4),
    });
    const s = secondsSince(t);
    if (r.textsEmbedded !== new Set(texts).size) throw new Error(`embedded ${r.textsEmbedded} texts`);
    return texts.length / s;
  } finally {
    await e.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function overhead(m: BenchModel, batchSize: number, threads: number): Promise<OverheadRow> {
  // Alternate and keep the best of two of each, so background load hurts both sides alike.
  let bare = 0;
  let sluice = 0;
  for (let rep = 0; rep < 2; rep++) {
    bare = Math.max(bare, await bareLoop(m.model, m.texts, batchSize, threads));
    sluice = Math.max(sluice, await sluiceLoop(m.model, m.texts, batchSize, threads));
  }
  return {
    model: m.label,
    batchSize,
    threads,
    texts: m.texts.length,
    bareTextsPerSecond: bare,
    sluiceTextsPerSecond: sluice,
    ratio: sluice / bare,
  };
}

/** Runs the whole benchmark; `quick` uses fewer texts. */
export async function benchEmbed(quick = false) {
  const bertDir = await writeBenchBertFolder();
  const lexicalTexts = benchTexts(quick ? 1000 : 4000, 1).map((t, i) => `${t} item ${i}`);
  const models: BenchModel[] = [
    { label: 'lexical-hash-384', model: 'lexical-hash-384', texts: lexicalTexts },
    { label: 'bert-6x384 (random weights)', model: bertDir, texts: benchTexts(quick ? 64 : 256, 2) },
  ];
  const rows: ThroughputRow[] = [];
  for (const m of models) {
    for (const threads of [1, 2]) {
      for (const batchSize of [8, 32, 128]) {
        const row = await throughput(m, batchSize, threads);
        console.log(
          `${row.model.padEnd(28)} batch ${String(batchSize).padStart(3)} threads ${threads}: ` +
            `${row.textsPerSecond.toFixed(1)} texts/s (${row.tokensPerText.toFixed(0)} tokens/text)`,
        );
        rows.push(row);
      }
    }
  }
  const over: OverheadRow[] = [];
  for (const m of models) {
    const row = await overhead(m, 32, 2);
    console.log(
      `${row.model.padEnd(28)} embed phase ${row.sluiceTextsPerSecond.toFixed(1)} texts/s vs bare session.run ` +
        `${row.bareTextsPerSecond.toFixed(1)} texts/s: ${row.ratio.toFixed(2)}×`,
    );
    over.push(row);
  }
  return {
    env: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '?', loadavg: loadavg(), node: process.version },
    throughput: rows,
    overhead: over,
  };
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : undefined;
  const report = await benchEmbed(process.argv.includes('--quick'));
  if (out) {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  }
}
