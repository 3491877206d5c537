// The embed phase delegates to the injected embed adapter (the model runs in workers; core only publishes
// the table it produced as the stage).

import { AppError } from '../../contract/errors.js';
import { quoteIdent } from '../../sql/quote.js';
import type { PhaseEnv, PhaseResult } from '../phase-api.js';
import { countRows } from './sql-util.js';

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
  // Every input row gets its vector, so the input's count is the total (and the ETA) of the progress.
  const total = await countRows(env.conn, env.input);
  const { rowsIn } = await adapter.embed({
    db: env.db,
    conn: env.conn,
    input: env.input,
    table,
    options: env.phase.options ?? {},
    pool: env.pool,
    chunkRows: env.config.chunkRows,
    signal: env.signal,
    onProgress: (rows) => env.progress(rows, total),
  });
  return { commit: [`ALTER TABLE ${quoteIdent(table)} RENAME TO ${quoteIdent(env.output)}`], rowsIn };
}
