// Recipe phases (clean, and transform with a recipe): the recipe module applies the steps as its own
// immutable stages under the phase's scratch prefix; the commit publishes the last one as the phase's stage
// and drops the intermediate ones with their cache records (a run's stages are the run's, not the cache's).

import { AppError } from '../../contract/errors.js';
import { STAGES_TABLE, applyRecipe } from '../../recipe/index.js';
import { quoteIdent, quoteLiteral } from '../../sql/quote.js';
import type { PhaseEnv, PhaseResult } from '../phase-api.js';

/** Runs a recipe phase. */
export async function recipePhase(env: PhaseEnv): Promise<PhaseResult> {
  const recipe = env.phase.recipe ?? env.pipeline.spec.recipe;
  if (!recipe || !env.input) throw new AppError('INTERNAL', `phase ${env.phase.name} has no recipe or input`);
  const ds = env.scratch;
  // `finding` conditions read the table `<dataset>__findings` (a view is not found): copy this run's latest.
  if (env.findings)
    await env.conn.run(
      `CREATE TABLE ${quoteIdent(`${ds}__findings`)} AS SELECT * FROM ${quoteIdent(env.findings)}`,
    );
  const r = await applyRecipe(env.conn, ds, recipe, {
    input: env.input,
    // Stages are immutable, so the input's name identifies its content: no hashing scan needed.
    sourceKey: env.input,
    signal: env.signal,
    secrets: env.secrets,
  });
  const out = quoteIdent(env.output);
  const publish =
    r.table === env.input
      ? `CREATE VIEW ${out} AS SELECT * FROM ${quoteIdent(env.input)}`
      : `ALTER TABLE ${quoteIdent(r.table)} RENAME TO ${out}`;
  const intermediate = [...new Set(r.steps.map((s) => s.table))].filter(
    (t) => t !== r.table && t.startsWith(`${ds}__`),
  );
  return {
    commit: [
      publish,
      ...intermediate.map((t) => `DROP TABLE IF EXISTS ${quoteIdent(t)}`),
      ...(env.findings ? [`DROP TABLE ${quoteIdent(`${ds}__findings`)}`] : []),
      `DELETE FROM ${STAGES_TABLE} WHERE dataset_id = ${quoteLiteral(ds)}`,
    ],
    rowsIn: r.rowsIn,
  };
}
