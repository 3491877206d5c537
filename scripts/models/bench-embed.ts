// Embedding benchmark: texts/s of the default lexical model and of a BERT-shaped model of realistic size
// (6 layers, hidden 384) at several batch sizes and thread counts, and the overhead of Sluice's embed phase
// (tokenize, batch, check, DuckDB reads, cache and checkpoint writes) versus a bare loop of session.run over the
// same prepared inputs, in the same process. Reports numbers; asserts nothing.
//   node dist/scripts/models/bench-embed.js [--quick] [--out bench-results/embed.json]
//     [--model lexical|bert] [--texts N] [--bert-texts N] [--batch 8,32,128] [--threads 1,2] [--reps N]
//     [--no-throughput] [--pool]   (--pool: the worker-pool variant too, as in the suite)
// (`npm run bench` runs it through scripts/bench/suite-embed.ts, with the worker-pool variant too.)

import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openDuckDb, withConnection } from '../../core/adapters/duckdb.js';
import { openOnnxSession, type OnnxFeed } from '../../core/adapters/onnx.js';
import { createHfTokenizer } from '../../core/adapters/tokenizer.js';
import { embedColumn } from '../../core/embed/embed-column.js';
import { loadEmbedder } from '../../core/embed/embedder.js';
import { openLocalEmbedder, openPooledEmbedder } from '../../core/embed/open-embedder.js';
import type { TaskPool } from '../../core/pipeline/task-pool.js';
import { lexicalRunner } from '../../core/embed/lexical-runner.js';
import { readModelFolder } from '../../core/embed/model-folder.js';
import { resolveModel } from '../../core/embed/resolve-model.js';
import type { PreparedText, Runner } from '../../core/embed/runner.js';
import { transformerRunner } from '../../core/embed/transformer-runner.js';
import { quoteLiteral } from '../../core/sql/quote.js';
import { createWorkerPool } from '../../workers/pool.js';
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
  /** Where Sluice ran the model: in the calling thread, or split across worker threads (the embed phase). */
  mode: string;
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
  kind: 'lexical' | 'bert';
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
export async function bareLoop(
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
export async function sluiceLoop(
  model: string,
  texts: string[],
  batchSize: number,
  threads: number,
  pool?: TaskPool,
): Promise<{ wall: number; cpu: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-embed-'));
  const db = await openDuckDb(join(dir, 'bench.duckdb'));
  // With a pool, `threads` is the total: one ONNX Runtime thread per worker (the embed phase's default split).
  const e = pool
    ? await openPooledEmbedder(pool, {
        model,
        batchSize,
        threads: Math.max(1, Math.floor(threads / pool.threads)),
      })
    : await openLocalEmbedder({ model, batchSize, threads });
  try {
    await withConnection(db, async (c) => {
      await c.run('CREATE TABLE b__source (__line BIGINT, text VARCHAR)');
      for (let i = 0; i < texts.length; i += 1000) {
        const part = texts.slice(i, i + 1000).map((t, j) => `(${i + j + 2}, ${quoteLiteral(t)})`);
        await c.run(`INSERT INTO b__source VALUES ${part.join(',')}`);
      }
    });
    // Same warm-up as the bare loop; with a pool, enough texts that every worker loads its model first.
    await e.embed(texts.slice(0, Math.max(batchSize, 64 * (pool?.threads ?? 1))));
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
  pool?: TaskPool,
): Promise<OverheadRow> {
  // Alternate and keep the best of each, so background load hurts both sides alike.
  const best = { bare: { wall: Infinity, cpu: Infinity }, sluice: { wall: Infinity, cpu: Infinity } };
  const keep = (k: 'bare' | 'sluice', t: { wall: number; cpu: number }) => {
    best[k] = { wall: Math.min(best[k].wall, t.wall), cpu: Math.min(best[k].cpu, t.cpu) };
  };
  for (let rep = 0; rep < reps; rep++) {
    keep('bare', await bareLoop(m.model, m.texts, batchSize, threads));
    keep('sluice', await sluiceLoop(m.model, m.texts, batchSize, threads, pool));
  }
  const n = m.texts.length;
  return {
    model: m.label,
    mode: pool ? `${pool.threads} workers` : 'in-process',
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

/** What to measure. */
export interface BenchEmbedOptions {
  /** Texts for the lexical model (default 4000) and for the BERT-shaped one (default 384). */
  lexicalTexts?: number;
  bertTexts?: number;
  batchSizes?: number[];
  threads?: number[];
  /** Alternating repetitions of the overhead comparison (best of each kept). */
  reps?: number;
  /** Builds a worker pool of n threads: the overhead is then also measured with the model in the workers. */
  createPool?: (threads: number) => TaskPool & { close(): Promise<void> };
  /** Where to build the BERT-shaped model (default: a folder under the OS temp dir). */
  bertDir?: string;
  /** Which models to measure (default both). */
  models?: ('lexical' | 'bert')[];
  /** Batch sizes of the overhead comparison (default [8], the embedder's default). */
  overheadBatchSizes?: number[];
  /** Measure the throughput table too (default true). */
  throughput?: boolean;
}

/** Runs the whole benchmark. */
export async function benchEmbed(o: BenchEmbedOptions = {}) {
  const bertDir = await writeBenchBertFolder(o.bertDir);
  const lexicalTexts = benchTexts(o.lexicalTexts ?? 4000, 1).map((t, i) => `${t} item ${i}`);
  const wanted = new Set(o.models ?? ['lexical', 'bert']);
  const models: BenchModel[] = [
    { label: 'lexical-hash-384', model: 'lexical-hash-384', texts: lexicalTexts, kind: 'lexical' as const },
    {
      label: 'bert-6x384 (random weights)',
      model: bertDir,
      texts: benchTexts(o.bertTexts ?? 384, 2),
      kind: 'bert' as const,
    },
  ].filter((m) => wanted.has(m.kind));
  const threadCounts = o.threads ?? [1, 2];
  const rows: ThroughputRow[] = [];
  for (const m of o.throughput === false ? [] : models) {
    for (const threads of threadCounts) {
      for (const batchSize of o.batchSizes ?? [8, 32, 128]) {
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
  const log = (row: OverheadRow) => {
    console.log(
      `${row.model.padEnd(28)} ${row.mode.padEnd(10)} batch ${String(row.batchSize).padStart(3)} ` +
        `threads ${row.threads}: embed phase ` +
        `${row.sluiceTextsPerSecond.toFixed(1)} texts/s vs bare session.run ${row.bareTextsPerSecond.toFixed(1)}: ` +
        `${row.ratio.toFixed(2)}× wall, ${row.cpuRatio.toFixed(2)}× per CPU-s`,
    );
    over.push(row);
  };
  for (const m of models) {
    for (const threads of threadCounts) {
      for (const batchSize of o.overheadBatchSizes ?? [8]) {
        log(await overhead(m, batchSize, threads, o.reps ?? 3));
        if (o.createPool) {
          const pool = o.createPool(threads);
          try {
            log(await overhead(m, batchSize, threads, o.reps ?? 3, pool));
          } finally {
            await pool.close();
          }
        }
      }
    }
  }
  return {
    env: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '?', loadavg: loadavg(), node: process.version },
    throughput: rows,
    overhead: over,
  };
}

/** The value after `--name` on the command line. */
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const numbers = (v: string | undefined) => v?.split(',').map(Number);

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'));
if (isMain) {
  const out = arg('out');
  const quick = process.argv.includes('--quick');
  const model = arg('model');
  const report = await benchEmbed({
    ...(quick ? { lexicalTexts: 1000, bertTexts: 64, reps: 1 } : {}),
    ...(model ? { models: model.split(',') as ('lexical' | 'bert')[] } : {}),
    ...(arg('texts') ? { lexicalTexts: Number(arg('texts')) } : {}),
    ...(arg('bert-texts') ? { bertTexts: Number(arg('bert-texts')) } : {}),
    ...(arg('reps') ? { reps: Number(arg('reps')) } : {}),
    ...(numbers(arg('threads')) ? { threads: numbers(arg('threads')) } : {}),
    ...(numbers(arg('batch')) ? { overheadBatchSizes: numbers(arg('batch')) } : {}),
    ...(process.argv.includes('--no-throughput') ? { throughput: false } : {}),
    ...(process.argv.includes('--pool')
      ? { createPool: (threads: number) => createWorkerPool({ threads }) }
      : {}),
  });
  if (out) {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  }
}
