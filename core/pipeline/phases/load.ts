// The load phase: one branch per destination, each with its own row filter and columns. Files are written
// by DuckDB COPY to a temporary name and renamed into place, so a reader never sees half a file and a
// resumed run simply rewrites the same file. PostgreSQL goes through the injected loader, whose ledger makes
// a re-run with the same load key a no-op. The stage of a load phase is a view of its input.

import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../contract/errors.js';
import type { DestinationOutput } from '../../contract/pipeline.js';
import { quoteIdent, quoteLiteral } from '../../sql/quote.js';
import type { PhaseEnv, PhaseResult } from '../phase-api.js';
import { destinationTable } from '../plan.js';
import type { DestinationSpec } from '../types.js';
import { BOOKKEEPING_COLUMNS, columnsOf, countRows, orderKeys } from './sql-util.js';

/** The SELECT feeding one destination. */
export async function destinationQuery(env: PhaseEnv, d: DestinationSpec): Promise<string> {
  const input = env.input as string;
  const cols = await columnsOf(env.conn, input);
  const keys = orderKeys(cols);
  const names =
    d.columns ??
    cols
      .map((c) => c.name)
      .filter((n) => d.keepLine || !(BOOKKEEPING_COLUMNS as readonly string[]).includes(n));
  const have = new Set(cols.map((c) => c.name.toLowerCase()));
  for (const n of names)
    if (!have.has(n.toLowerCase()))
      throw new AppError(
        'PIPELINE_INVALID',
        `Destination '${d.name}' names column '${n}', which the stage lacks.`,
        {
          phase: env.phase.name,
          hint: `Columns of the stage: ${cols.map((c) => c.name).join(', ')}.`,
        },
      );
  const where = d.where ? ` WHERE (${d.where})` : '';
  const order = keys.length ? ` ORDER BY ${keys.map(quoteIdent).join(', ')}` : '';
  return `SELECT ${names.map(quoteIdent).join(', ')} FROM ${quoteIdent(input)}${where}${order}`;
}

async function writeFileDestination(
  env: PhaseEnv,
  d: DestinationSpec,
  query: string,
): Promise<DestinationOutput> {
  const path = d.path as string;
  const tmp = `${path}.${env.runId}.tmp`;
  await mkdir(dirname(path), { recursive: true });
  const format = d.type === 'parquet' ? 'FORMAT parquet' : 'FORMAT csv, HEADER true';
  try {
    const r = await env.conn.runAndReadAll(`COPY (${query}) TO ${quoteLiteral(tmp)} (${format})`);
    const rows = Number(r.getRowsJS()[0]?.[0] ?? 0);
    await rename(tmp, path);
    return { destination: d.name, type: d.type, path, rows };
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Rows each destination will get: a count over the stage (its filter only; no sort), known before loading. */
async function destinationRows(env: PhaseEnv, dests: DestinationSpec[]): Promise<number> {
  const input = quoteIdent(env.input as string);
  const counts = dests.map((d) => `(SELECT count(*) FROM ${input}${d.where ? ` WHERE (${d.where})` : ''})`);
  if (counts.length === 0) return 0;
  const r = await env.conn.runAndReadAll(`SELECT ${counts.join(' + ')} AS n`);
  return Number(r.getRowObjectsJS()[0]?.n ?? 0);
}

/** Runs a load phase. Progress counts rows written over all its destinations, out of their total. */
export async function loadPhase(env: PhaseEnv): Promise<PhaseResult> {
  if (!env.input) throw new AppError('INTERNAL', `phase ${env.phase.name} has no input`);
  const spec = env.pipeline.spec;
  const names = env.phase.destinations ?? spec.destinations.map((d) => d.name);
  const dests = names.map((name) => spec.destinations.find((x) => x.name === name) as DestinationSpec);
  // Queries first: a destination naming a missing column fails before anything is written or counted.
  const queries: string[] = [];
  for (const d of dests) queries.push(await destinationQuery(env, d));
  const total = await destinationRows(env, dests);
  const outputs: DestinationOutput[] = [];
  let written = 0;
  env.progress(0, total);
  for (const [i, d] of dests.entries()) {
    const query = queries[i] as string;
    if (d.type !== 'postgres') {
      const out = await writeFileDestination(env, d, query);
      outputs.push(out);
      written += out.rows;
      env.progress(written, total);
      continue;
    }
    const pg = env.adapters.postgres;
    if (!pg)
      throw new AppError(
        'PIPELINE_INVALID',
        `Destination '${d.name}' is PostgreSQL, but this host has no loader for it.`,
        {
          phase: env.phase.name,
          hint: 'Run the pipeline from Sluice with a database configured, or remove the destination.',
        },
      );
    const r = await pg.load({
      db: env.db,
      conn: env.conn,
      query,
      destination: d,
      loadKey: `${env.runId}:${env.phase.name}:${d.name}`,
      runId: env.runId,
      phase: env.phase.name,
      signal: env.signal,
      onProgress: (rows) => env.progress(written + rows, total),
    });
    const table = destinationTable(d);
    outputs.push({
      destination: d.name,
      type: 'postgres',
      ...(table ? { table } : {}),
      rows: r.rows,
      jobId: r.jobId,
    });
    written += r.rows;
    env.progress(written, total);
  }
  return {
    commit: [`CREATE VIEW ${quoteIdent(env.output)} AS SELECT * FROM ${quoteIdent(env.input)}`],
    rowsIn: await countRows(env.conn, env.input),
    outputs,
  };
}
