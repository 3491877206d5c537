// A custom JS phase: the input is cut into chunks of `chunkRows` rows by its ordering keys (__file, __line);
// up to `pool.threads` chunks run in workers at once, and each chunk commits in order, with its checkpoint,
// into the output stage. A resumed or retried phase continues after its last committed chunk, and because
// the input is immutable and the chunk bounds are recomputed from it, the chunks are the same each time.

import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../contract/errors.js';
import { quoteIdent, quoteLiteral } from '../../sql/quote.js';
import type { CustomPhaseOutput, CustomPhasePayload } from '../custom-task.js';
import type { PhaseEnv, PhaseResult } from '../phase-api.js';
import { columnsOf, countRows, orderKeys, sqlValue, type StageColumn } from './sql-util.js';

/** First key of each chunk, as SQL literals, from the immutable input. */
async function chunkStarts(env: PhaseEnv, input: string, keys: string[]): Promise<string[][]> {
  const k = keys.map(quoteIdent).join(', ');
  const n = env.config.chunkRows;
  const r = await env.conn.runAndReadAll(
    `SELECT ${k} FROM (SELECT ${k}, row_number() OVER (ORDER BY ${k}) - 1 AS rn FROM ${quoteIdent(input)})
     WHERE rn % ${n} = 0 ORDER BY ${k}`,
  );
  const starts = r.getRowsJS().map((row) => row.map(sqlValue));
  // Equal keys (duplicated rows) must land in one chunk: drop repeated starts.
  return starts.filter((s, i) => i === 0 || s.join() !== starts[i - 1]?.join());
}

function outputColumns(env: PhaseEnv, input: StageColumn[]): StageColumn[] {
  const cols = [...input];
  for (const [name, type] of Object.entries(env.phase.columns ?? {})) {
    const at = cols.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
    if (at >= 0) cols[at] = { name: cols[at]?.name ?? name, type };
    else cols.push({ name, type });
  }
  return cols;
}

/** Runs a custom module phase. */
export async function customModulePhase(env: PhaseEnv): Promise<PhaseResult> {
  const { phase, input } = env;
  if (!input || !phase.module) throw new AppError('INTERNAL', `phase ${phase.name} has no input or module`);
  const inCols = await columnsOf(env.conn, input);
  const keys = orderKeys(inCols);
  if (!keys.includes('__line'))
    throw new AppError(
      'PIPELINE_INVALID',
      `Phase '${phase.name}' needs __line in its input to cut it into chunks.`,
      {
        phase: phase.name,
        hint: 'Keep __line in the SQL phases before it.',
      },
    );
  const outCols = outputColumns(env, inCols);
  const known = new Map(outCols.map((c) => [c.name.toLowerCase(), c.name]));
  const create = `CREATE TABLE ${quoteIdent(env.output)} (${outCols.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ')})`;
  const readSpec = `{${outCols.map((c) => `${quoteLiteral(c.name)}: ${quoteLiteral(c.type)}`).join(', ')}}`;
  const starts = await chunkStarts(env, input, keys);
  const tuple = `(${keys.map(quoteIdent).join(', ')})`;
  const bounds = (i: number) =>
    [
      `${tuple} >= (${starts[i]?.join(', ')})`,
      ...(starts[i + 1] ? [`${tuple} < (${starts[i + 1]?.join(', ')})`] : []),
    ].join(' AND ');
  const file = (i: number, side: 'in' | 'out') => join(env.tmpDir, `chunk-${i}-${side}.jsonl`);

  // Chunks dispatched but not yet committed; aborted together when the phase stops early.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  env.signal.addEventListener('abort', onAbort, { once: true });
  const inflight = new Map<number, Promise<CustomPhaseOutput>>();
  const dispatch = async (i: number) => {
    await env.conn.run(
      `COPY (SELECT * FROM ${quoteIdent(input)} WHERE ${bounds(i)} ORDER BY ${keys.map(quoteIdent).join(', ')})
       TO ${quoteLiteral(file(i, 'in'))} (FORMAT json)`,
    );
    const payload: CustomPhasePayload = {
      modulePath: phase.module as string,
      inputFile: file(i, 'in'),
      outputFile: file(i, 'out'),
      params: phase.params ?? null,
      runId: env.runId,
      phase: phase.name,
      chunk: i,
      attempt: env.attempt,
    };
    const p = env.pool.run<CustomPhaseOutput>('custom-phase', payload, { signal: stop.signal });
    p.catch(() => {}); // awaited in order below; keep an early failure from being "unhandled"
    inflight.set(i, p);
  };

  const window = Math.max(1, env.pool.threads);
  const rowsIn = await countRows(env.conn, input);
  let rowsDone = 0;
  try {
    for (let next = env.chunksDone, i = env.chunksDone; i < starts.length; i++) {
      while (next < starts.length && next < i + window) await dispatch(next++);
      const res = await (inflight.get(i) as Promise<CustomPhaseOutput>);
      inflight.delete(i);
      for (const k of res.keys)
        if (!known.has(k.toLowerCase()))
          throw new AppError(
            'PIPELINE_INVALID',
            `Phase '${phase.name}' returned column '${k}', which it does not declare.`,
            {
              phase: phase.name,
              hint: `Declare it in the phase's "columns" with its type, e.g. "columns": { "${k}": "VARCHAR" }.`,
            },
          );
      const insert = `INSERT INTO ${quoteIdent(env.output)} BY NAME
        SELECT * FROM read_json(${quoteLiteral(file(i, 'out'))}, format = 'newline_delimited', columns = ${readSpec})`;
      await env.commitChunk(i, [...(i === 0 ? [create] : []), ...(res.rowsOut > 0 ? [insert] : [])], res);
      rowsDone += res.rowsIn;
      env.progress(rowsDone, rowsIn);
      await Promise.all([rm(file(i, 'in'), { force: true }), rm(file(i, 'out'), { force: true })]);
    }
  } finally {
    stop.abort();
    env.signal.removeEventListener('abort', onAbort);
  }
  return { commit: starts.length === 0 ? [create] : [], rowsIn, chunks: starts.length };
}
