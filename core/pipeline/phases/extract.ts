// The extract phase: the importer (core/import) reads each source file into scratch tables; the commit
// renames them into the stage (one file) or unions them with a `__file` column (a glob). Lines the importer
// rejected go with the stage as `<stage>__rejects`, and count against the error budget.

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
    });
    records += r.dataRecords;
    rejected += r.linesRejected;
    parts.push({ file, id });
    env.progress(records);
  }
  const src = (id: string) => quoteIdent(`${id}__source`);
  const rej = (id: string) => quoteIdent(`${id}__rejects`);
  const commit =
    parts.length === 1
      ? [
          `ALTER TABLE ${src(env.scratch)} RENAME TO ${out}`,
          `ALTER TABLE ${rej(env.scratch)} RENAME TO ${rejects}`,
        ]
      : [
          `CREATE TABLE ${out} AS ${parts.map((p) => `SELECT ${quoteLiteral(p.file)} AS __file, * FROM ${src(p.id)}`).join(' UNION ALL BY NAME ')}`,
          `CREATE TABLE ${rejects} AS ${parts.map((p) => `SELECT ${quoteLiteral(p.file)} AS __file, * FROM ${rej(p.id)}`).join(' UNION ALL BY NAME ')}`,
          ...parts.flatMap((p) => [`DROP TABLE ${src(p.id)}`, `DROP TABLE ${rej(p.id)}`]),
        ];
  return { commit, rowsIn: records, rowsRejected: rejected, budgetBase: records, chunks: parts.length };
}
