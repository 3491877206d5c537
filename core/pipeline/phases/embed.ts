// The embed phase delegates to the injected embed adapter (the model runs in workers; core only publishes
// the table it produced as the stage).

import { AppError } from '../../contract/errors.js';
import { quoteIdent } from '../../sql/quote.js';
import type { PhaseEnv, PhaseResult } from '../phase-api.js';

/** Runs an embed phase. */
export async function embedPhase(env: PhaseEnv): Promise<PhaseResult> {
  const adapter = env.adapters.embed;
  if (!adapter || !env.input)
    throw new AppError(
      'PIPELINE_INVALID',
      `Phase '${env.phase.name}' needs an embedding model, and this host has none.`,
      {
        phase: env.phase.name,
        hint: 'Run the pipeline from Sluice with a model installed, or remove the embed phase.',
      },
    );
  const table = `${env.scratch}_embedded`;
  const { rowsIn } = await adapter.embed({
    db: env.db,
    conn: env.conn,
    input: env.input,
    table,
    options: env.phase.options ?? {},
    pool: env.pool,
    chunkRows: env.config.chunkRows,
    signal: env.signal,
    onProgress: (rows) => env.progress(rows),
  });
  return { commit: [`ALTER TABLE ${quoteIdent(table)} RENAME TO ${quoteIdent(env.output)}`], rowsIn };
}
