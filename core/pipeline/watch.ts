// watchFolder: runs a pipeline for every new or changed CSV file in a folder, once per file content, one run
// at a time. Polling (not fs.watch) because it behaves the same on every OS and network share; a file is
// taken only once its size and mtime stayed unchanged for `stableMs`, so a half-written file waits.
// Each content maps to a deterministic run id, so a watcher killed mid-run resumes that run on restart,
// and a ledger row (pipeline, sha256) records the outcome so the same content never runs twice.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { withConnection } from '../adapters/duckdb.js';
import { isCancellation, serializeError, type AppErrorData } from '../contract/errors.js';
import type { RunRecord } from '../contract/pipeline.js';
import { resolveConfig } from './config.js';
import { sleep } from './retry.js';
import { runPipeline, type RunOptions, type RunProject } from './runner.js';
import { ensurePipelineTables } from './tables.js';
import type { LoadedPipeline } from './types.js';

/** What happened to one file. */
export interface WatchRun {
  file: string;
  contentHash: string;
  /** `duplicate`: this content already ran (under any file name). */
  status: 'done' | 'failed' | 'duplicate';
  runId?: string;
  record?: RunRecord;
  error?: AppErrorData;
}

/** Options of watchFolder. */
export interface WatchOptions {
  project: RunProject;
  /** Stops the watcher (and a run in progress, which can be resumed). */
  signal: AbortSignal;
  onRun?: (r: WatchRun) => void;
  /** Passed to each run. */
  run?: Omit<RunOptions, 'pipeline' | 'project' | 'input' | 'runId' | 'resume' | 'dryRun' | 'signal'>;
  /** Default from SLUICE_WATCH_STABLE_MS / SLUICE_WATCH_POLL_MS. */
  stableMs?: number;
  pollMs?: number;
  /** Which file names to take (default: *.csv, not hidden). */
  match?: RegExp;
  env?: NodeJS.ProcessEnv;
}

/** sha256 of a file's content, streamed. */
export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function ledgerHas(o: WatchOptions, pipeline: string, hash: string): Promise<boolean> {
  return withConnection(o.project.db, async (c) => {
    await ensurePipelineTables(c);
    const r = await c.runAndReadAll(
      `SELECT 1 FROM sluice_watch_ledger WHERE pipeline_name = $1 AND content_hash = $2`,
      [pipeline, hash],
    );
    return r.getRowsJS().length > 0;
  });
}

async function ledgerPut(o: WatchOptions, pipeline: string, r: WatchRun, size: number): Promise<void> {
  await withConnection(o.project.db, (c) =>
    c.run(`INSERT INTO sluice_watch_ledger VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`, [
      pipeline,
      r.contentHash,
      r.file,
      size,
      r.runId ?? null,
      r.status,
      new Date().toISOString(),
    ]),
  );
}

/** Runs the pipeline on one stable file unless its content already ran. */
async function handleFile(
  dir: string,
  name: string,
  pipeline: LoadedPipeline,
  o: WatchOptions,
  size: number,
) {
  const file = join(dir, name);
  const contentHash = await hashFile(file);
  const pname = pipeline.spec.name;
  if (await ledgerHas(o, pname, contentHash)) return o.onRun?.({ file, contentHash, status: 'duplicate' });
  const runId = `w${createHash('sha256').update(`${pname}\u0000${contentHash}`).digest('hex').slice(0, 24)}`;
  const base = { pipeline, project: o.project, input: file, runId, signal: o.signal, ...o.run };
  let out: WatchRun;
  try {
    let record: RunRecord;
    try {
      record = await runPipeline(base);
    } catch (e) {
      // The id exists: a previous watcher stopped mid-run (or before writing the ledger): continue that run.
      if ((e as { code?: string }).code !== 'CONFLICT' || !/already exists/.test((e as Error).message))
        throw e;
      record = await runPipeline({ ...base, resume: true });
    }
    out = { file, contentHash, status: 'done', runId, record };
  } catch (e) {
    if (isCancellation(e) || o.signal.aborted) throw e;
    out = { file, contentHash, status: 'failed', runId, error: serializeError(e) };
  }
  await ledgerPut(o, pname, out, size);
  o.onRun?.(out);
}

/** Watches `dir` until `signal` aborts; resolves then (a run in progress is cancelled, resumable). */
export async function watchFolder(dir: string, pipeline: LoadedPipeline, o: WatchOptions): Promise<void> {
  const cfg = resolveConfig(pipeline.spec.config, o.env).values;
  const stableMs = o.stableMs ?? cfg.watchStableMs;
  const pollMs = o.pollMs ?? cfg.watchPollMs;
  const match = o.match ?? /^[^.].*\.csv$/i;
  const observed = new Map<string, { key: string; since: number }>();
  const handled = new Map<string, string>();
  try {
    while (!o.signal.aborted) {
      const names = (await readdir(dir, { withFileTypes: true }))
        .filter((e) => e.isFile() && match.test(e.name))
        .map((e) => e.name)
        .sort();
      for (const name of names) {
        if (o.signal.aborted) break;
        const st = await stat(join(dir, name)).catch(() => null);
        if (!st) continue;
        const key = `${st.size}:${st.mtimeMs}`;
        if (handled.get(name) === key) continue;
        const seen = observed.get(name);
        if (!seen || seen.key !== key) {
          observed.set(name, { key, since: Date.now() });
          continue;
        }
        if (Date.now() - seen.since < stableMs) continue;
        await handleFile(dir, name, pipeline, o, st.size);
        handled.set(name, key);
      }
      await sleep(pollMs, o.signal);
    }
  } catch (e) {
    if (!isCancellation(e) && !o.signal.aborted) throw e;
  }
}
