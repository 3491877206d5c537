// The worker side of a custom JS phase: load the user's module, hand it one chunk of rows, write what it
// returns. Rows travel as newline-delimited JSON files (DuckDB writes and reads them natively), so the main
// thread never materializes rows and a chunk's result is re-readable if its commit is retried.
//
// A module: `export default async function (rows, ctx) { return rows.map(...) }` — rows are plain objects
// (column → value) and must keep `__line`; ctx = { params, runId, phase, chunk, attempt, AppError }.
// Throwing `new ctx.AppError('IO_TRANSIENT', …)` asks for a retry; any other error fails the phase.

import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { AppError } from '../contract/errors.js';

/** What the runner sends for one chunk. */
export interface CustomPhasePayload {
  modulePath: string;
  inputFile: string;
  outputFile: string;
  params: unknown;
  runId: string;
  phase: string;
  chunk: number;
  attempt: number;
}

/** What comes back. */
export interface CustomPhaseOutput {
  rowsIn: number;
  rowsOut: number;
  /** Every key the output rows used, in first-seen order. */
  keys: string[];
}

type ModuleFn = (rows: Record<string, unknown>[], ctx: Record<string, unknown>) => unknown;

async function loadModule(path: string, phase: string): Promise<ModuleFn> {
  let mod: { default?: unknown; transform?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as typeof mod;
  } catch (e) {
    throw new AppError(
      'PIPELINE_INVALID',
      `Cannot load the module of phase '${phase}': ${(e as Error).message}`,
      {
        file: path,
        phase,
        hint: 'Check the module path and that it is valid JavaScript (ESM).',
      },
    );
  }
  const fn = typeof mod.default === 'function' ? mod.default : mod.transform;
  if (typeof fn !== 'function')
    throw new AppError('PIPELINE_INVALID', `The module of phase '${phase}' exports no function.`, {
      file: path,
      phase,
      hint: 'Export a default function (rows, ctx) => rows.',
    });
  return fn as ModuleFn;
}

/** Runs one chunk through the phase's module. */
export async function runCustomPhaseTask(p: CustomPhasePayload): Promise<CustomPhaseOutput> {
  const fn = await loadModule(p.modulePath, p.phase);
  const text = await readFile(p.inputFile, 'utf8');
  const rows = text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const ctx = {
    params: p.params,
    runId: p.runId,
    phase: p.phase,
    chunk: p.chunk,
    attempt: p.attempt,
    AppError,
  };
  const out = await fn(rows, ctx);
  const bad = (msg: string) =>
    new AppError('PIPELINE_INVALID', `The module of phase '${p.phase}' ${msg}`, {
      file: p.modulePath,
      phase: p.phase,
      hint: 'Return an array of row objects, each keeping the __line of the row it came from.',
    });
  if (!Array.isArray(out)) throw bad('did not return an array.');
  const keys = new Set<string>();
  const lines: string[] = [];
  for (const row of out) {
    if (typeof row !== 'object' || row === null || Array.isArray(row))
      throw bad('returned a row that is not an object.');
    if (!('__line' in row)) throw bad('returned a row without __line.');
    for (const k of Object.keys(row)) keys.add(k);
    lines.push(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  await writeFile(p.outputFile, lines.length ? `${lines.join('\n')}\n` : '');
  return { rowsIn: rows.length, rowsOut: out.length, keys: [...keys] };
}
