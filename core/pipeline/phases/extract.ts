// The extract phase: the importer (core/import) reads each source file into scratch tables; the commit
// renames them into the stage (one file) or unions them (a glob). Lines the importer rejected go with the
// stage as `<stage>__rejects`, and count against the error budget.
// Several files: `__line` must stay a unique row key (findings, recipes, chunks and comparisons all use it),
// so each file's lines are offset by the lines of the files before it (in path order); `__file` and
// `__file_line` keep where each row came from.

import { stat } from 'node:fs/promises';
import { AppError } from '../../contract/errors.js';
import { detectFile } from '../../csv/detect.js';
import { importCsv } from '../../import/index.js';
import { quoteIdent, quoteLiteral } from '../../sql/quote.js';
import type { PhaseEnv, PhaseResult } from '../phase-api.js';

/** Runs an extract phase. */
export async function extractPhase(env: PhaseEnv): Promise<PhaseResult> {
  if (env.sources.length === 0)
    throw new AppError('FILE_NOT_FOUND', `Phase '${env.phase.name}' has no source file.`, {
      phase: env.phase.name,
      hint: 'Check the source path or glob of the pipeline.',
    });
  const out = quoteIdent(env.output);
  const rejects = quoteIdent(`${env.output}__rejects`);
  let records = 0;
  let rejected = 0;
  const parts: { file: string; id: string }[] = [];
  // The phase's share done comes from bytes (each file's import knows its share; files weigh by size), so a
  // phase whose row count is unknown until the end still gets an ETA.
  const sizes = await Promise.all(env.sources.map(async (f) => (await stat(f).catch(() => null))?.size ?? 0));
  const allBytes = Math.max(1, sum(sizes));
  let bytesBefore = 0;
  for (const [i, file] of env.sources.entries()) {
    const id = env.sources.length === 1 ? env.scratch : `${env.scratch}_${i}`;
    const detection = await detectFile(file, env.pipeline.spec.source?.dialect ?? {});
    const r = await importCsv({
      path: file,
      detection,
      db: env.db,
      datasetId: id,
      tmpDir: env.tmpDir,
      signal: env.signal,
      onProgress: (p) =>
        env.progress(records + p.rows, undefined, (bytesBefore + p.fraction * (sizes[i] ?? 0)) / allBytes),
    });
    bytesBefore += sizes[i] ?? 0;
    records += r.dataRecords;
    rejected += r.linesRejected;
    parts.push({ file, id });
    env.progress(records, undefined, bytesBefore / allBytes);
  }
  const src = (id: string) => quoteIdent(`${id}__source`);
  const rej = (id: string) => quoteIdent(`${id}__rejects`);
  const commit =
    parts.length === 1
      ? [
          `ALTER TABLE ${src(env.scratch)} RENAME TO ${out}`,
          `ALTER TABLE ${rej(env.scratch)} RENAME TO ${rejects}`,
        ]
      : await unionCommit(env, parts, out, rejects);
  return { commit, rowsIn: records, rowsRejected: rejected, budgetBase: records, chunks: parts.length };
}

async function unionCommit(
  env: PhaseEnv,
  parts: { file: string; id: string }[],
  out: string,
  rejects: string,
) {
  const src = (id: string) => quoteIdent(`${id}__source`);
  const rej = (id: string) => quoteIdent(`${id}__rejects`);
  const rows: string[] = [];
  const bad: string[] = [];
  let offset = 0;
  for (const p of parts) {
    const file = quoteLiteral(p.file);
    rows.push(
      `SELECT ${file} AS __file, __line AS __file_line, * REPLACE (__line + ${offset} AS __line) FROM ${src(p.id)}`,
    );
    bad.push(
      `SELECT ${file} AS __file, line AS file_line, * REPLACE (line + ${offset} AS line) FROM ${rej(p.id)}`,
    );
    const r = await env.conn.runAndReadAll(
      `SELECT greatest((SELECT coalesce(max(__line), 0) FROM ${src(p.id)}), (SELECT coalesce(max(line), 0) FROM ${rej(p.id)})) AS n`,
    );
    offset += Number(r.getRowObjectsJS()[0]?.n ?? 0);
  }
  return [
    `CREATE TABLE ${out} AS ${rows.join(' UNION ALL BY NAME ')}`,
    `CREATE TABLE ${rejects} AS ${bad.join(' UNION ALL BY NAME ')}`,
    ...parts.flatMap((p) => [`DROP TABLE ${src(p.id)}`, `DROP TABLE ${rej(p.id)}`]),
  ];
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
