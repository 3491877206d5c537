// SQL phases: `custom`/`transform` with `sql` (a SELECT over the temp view `stage`), and `map` (output column
// → expression; the bookkeeping columns are carried over). The SELECT runs inside the commit transaction as CREATE TABLE … AS, so the stage and its
// checkpoint appear together.

import { AppError } from '../../contract/errors.js';
import { quoteIdent } from '../../sql/quote.js';
import type { PhaseEnv, PhaseResult } from '../phase-api.js';
import { BOOKKEEPING_COLUMNS, columnsOf, countRows, singleStatement } from './sql-util.js';

/** The SELECT a map phase runs: the bookkeeping columns, then each mapped column. */
export async function mapSelect(env: PhaseEnv): Promise<string> {
  const map = env.phase.map ?? {};
  const have = new Set(env.input ? (await columnsOf(env.conn, env.input)).map((c) => c.name) : []);
  const keys = BOOKKEEPING_COLUMNS.filter((k) => have.has(k));
  for (const k of keys)
    if (k in map)
      throw new AppError(
        'PIPELINE_INVALID',
        `Phase '${env.phase.name}' maps ${k}, which Sluice keeps itself.`,
        {
          phase: env.phase.name,
          hint: `Remove ${k} from columns; it is carried over unchanged.`,
        },
      );
  const cols = [
    ...keys.map(quoteIdent),
    ...Object.entries(map).map(([name, expr]) => `(${expr}) AS ${quoteIdent(name)}`),
  ];
  return `SELECT ${cols.join(', ')} FROM stage`;
}

/** Runs an SQL or map phase. */
export async function sqlPhase(env: PhaseEnv): Promise<PhaseResult> {
  const sql = env.phase.type === 'map' ? await mapSelect(env) : env.phase.sql;
  if (!sql) throw new AppError('INTERNAL', `phase ${env.phase.name} has no SQL`);
  const select = await singleStatement(env.conn, sql, env.phase.name);
  const rowsIn = env.input ? await countRows(env.conn, env.input) : 0;
  return { commit: [`CREATE TABLE ${quoteIdent(env.output)} AS ${select}`], rowsIn };
}
