// The validate phase: the validator (core/validate) reads `<dataset>__source`, so a scratch view of that name
// points at the input stage; the findings it writes become `<stage>__findings` at commit, and the stage
// itself is a view of the input (validation flags rows, it does not change them).

import { AppError } from '../../contract/errors.js';
import { quoteIdent } from '../../sql/quote.js';
import { validateTable } from '../../validate/index.js';
import type { PhaseEnv, PhaseResult } from '../phase-api.js';

/** Runs a validate phase. */
export async function validatePhase(env: PhaseEnv): Promise<PhaseResult> {
  const schema = env.phase.schema ?? env.pipeline.spec.schema;
  if (!schema || !env.input) throw new AppError('INTERNAL', `phase ${env.phase.name} has no schema or input`);
  const view = quoteIdent(`${env.scratch}__source`);
  await env.conn.run(`CREATE VIEW ${view} AS SELECT * FROM ${quoteIdent(env.input)}`);
  const r = await validateTable(env.conn, env.scratch, schema, { signal: env.signal });
  return {
    commit: [
      `CREATE VIEW ${quoteIdent(env.output)} AS SELECT * FROM ${quoteIdent(env.input)}`,
      `ALTER TABLE ${quoteIdent(`${env.scratch}__findings`)} RENAME TO ${quoteIdent(`${env.output}__findings`)}`,
      `DROP VIEW ${view}`,
    ],
    rowsIn: r.rows,
    findings: r.total,
    rowsRejected: r.rowsWithFindings,
  };
}
