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
  /** Texts per CPU-second of this process (less sensitive than wall time to other load on the machine). */
  textsPerCpuSecond: number;
}

/** Sluice's embed phase against a bare session.run loop on the same inputs. */
export interface OverheadRow {
  model: string;
  batchSize: number;
  threads: number;
  texts: number;
  bareTextsPerSecond: number;
  sluiceTextsPerSecond: number;
  /** sluice / bare wall-clock throughput (1 = no overhead). */
  ratio: number;
  bareTextsPerCpuSecond: number;
  sluiceTextsPerCpuSecond: number;
  /** The same ratio in texts per CPU-second (all threads of the process, DuckDB's included). */
  cpuRatio: number;
}

interface BenchModel {
  label: string;
  model: string;
  texts: string[];
}

const secondsSince = (t: number) => (performance.now() - t) / 1000;

/** Wall and CPU seconds of fn. */
async function timed(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: secondsSince(t0), cpu: (c.user + c.system) / 1e6 };
}

async function throughput(m: BenchModel, batchSize: number, threads: number): Promise<ThroughputRow> {
  const e = await loadEmbedder({ model: m.model, batchSize, threads });
  try {
    await e.embed(m.texts.slice(0, batchSize)); // warm-up: first-run allocations and kernel selection
    let tokens = 0;
    const t = await timed(async () => (tokens = (await e.embed(m.texts)).tokens));
    return {
      model: m.label,
      batchSize,
      threads,
      texts: m.texts.length,
      tokensPerText: tokens / m.texts.length,
      textsPerSecond: m.texts.length / t.wall,
      textsPerCpuSecond: m.texts.length / t.cpu,
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
async function bareLoop(
  model: string,
  texts: string[],
  batchSize: number,
  threads: number,
): Promise<{ wall: number; cpu: number }> {
  const { runner, session } = await bareRunner(model, threads);
  try {
    const prepared = texts.map((t) => runner.prepare(t)).sort((a, b) => b.length - a.length);
    const batches: Record<string, OnnxFeed>[] = [];
    for (let i = 0; i < prepared.length; i += batchSize)
      batches.push(runner.feeds(prepared.slice(i, i + batchSize)));
    await session.run(batches[batches.length - 1]!, runner.outputNames);
    return await timed(async () => {
      for (const feeds of batches) await session.run(feeds, runner.outputNames);
    });
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
): Promise<{ wall: number; cpu: number }> {
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
    let embedded = 0;
    const t = await timed(async () => {
      embedded = (await embedColumn(db, { datasetId: 'b', column: 'text' }, e)).textsEmbedded;
    });
    if (embedded !== new Set(texts).size) throw new Error(`embedded ${embedded} texts`);
    return t;
  } finally {
    await e.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function overhead(
  m: BenchModel,
  batchSize: number,
  threads: number,
  reps: number,
): Promise<OverheadRow> {
  // Alternate and keep the best of each, so background load hurts both sides alike.
  const best = { bare: { wall: Infinity, cpu: Infinity }, sluice: { wall: Infinity, cpu: Infinity } };
  const keep = (k: 'bare' | 'sluice', t: { wall: number; cpu: number }) => {
    best[k] = { wall: Math.min(best[k].wall, t.wall), cpu: Math.min(best[k].cpu, t.cpu) };
  };
  for (let rep = 0; rep < reps; rep++) {
    keep('bare', await bareLoop(m.model, m.texts, batchSize, threads));
    keep('sluice', await sluiceLoop(m.model, m.texts, batchSize, threads));
  }
  const n = m.texts.length;
  return {
    model: m.label,
    batchSize,
    threads,
    texts: n,
    bareTextsPerSecond: n / best.bare.wall,
    sluiceTextsPerSecond: n / best.sluice.wall,
    ratio: best.bare.wall / best.sluice.wall,
    bareTextsPerCpuSecond: n / best.bare.cpu,
    sluiceTextsPerCpuSecond: n / best.sluice.cpu,
    cpuRatio: best.bare.cpu / best.sluice.cpu,
  };
}

/** Runs the whole benchmark; `quick` uses fewer texts. */
export async function benchEmbed(quick = false) {
  const bertDir = await writeBenchBertFolder();
  const lexicalTexts = benchTexts(quick ? 1000 : 4000, 1).map((t, i) => `${t} item ${i}`);
  const models: BenchModel[] = [
    { label: 'lexical-hash-384', model: 'lexical-hash-384', texts: lexicalTexts },
    { label: 'bert-6x384 (random weights)', model: bertDir, texts: benchTexts(quick ? 64 : 384, 2) },
  ];
  const rows: ThroughputRow[] = [];
  for (const m of models) {
    for (const threads of [1, 2]) {
      for (const batchSize of [8, 32, 128]) {
        const row = await throughput(m, batchSize, threads);
        console.log(
          `${row.model.padEnd(28)} batch ${String(batchSize).padStart(3)} threads ${threads}: ` +
            `${row.textsPerSecond.toFixed(1)} texts/s, ${row.textsPerCpuSecond.toFixed(1)} per CPU-s ` +
            `(${row.tokensPerText.toFixed(0)} tokens/text)`,
        );
        rows.push(row);
      }
    }
  }
  const over: OverheadRow[] = [];
  for (const m of models) {
    for (const threads of [1, 2]) {
      const row = await overhead(m, 8, threads, quick ? 1 : 3);
      console.log(
        `${row.model.padEnd(28)} threads ${threads}: embed phase ${row.sluiceTextsPerSecond.toFixed(1)} texts/s vs ` +
          `bare session.run ${row.bareTextsPerSecond.toFixed(1)}: ${row.ratio.toFixed(2)}× wall, ` +
          `${row.cpuRatio.toFixed(2)}× per CPU-s`,
      );
      over.push(row);
    }
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
