// DuckDB errors raised while running a pipeline, classified for the error table: mistakes in the user's SQL
// or data are the user's (PIPELINE_INVALID), I/O hiccups are transient, an interrupt is a cancellation.

import { AppError, toAppError } from '../contract/errors.js';

const USER =
  /^(Parser|Binder|Catalog|Conversion|Invalid Input|Out of Range|Constraint|Not implemented) Error/i;

/** An error from DuckDB while phase `phase` ran, as an AppError. */
export function classifyDuckDbError(
  e: unknown,
  where: { phase?: string; runId?: string; what?: string },
): AppError {
  if (e instanceof AppError) return e;
  const message = e instanceof Error ? e.message : String(e);
  const first = message.split('\n')[0] ?? message;
  const details = {
    ...(where.phase ? { phase: where.phase } : {}),
    ...(where.runId ? { runId: where.runId } : {}),
  };
  if (/^INTERRUPT/i.test(message) || /interrupted/i.test(first))
    return new AppError('CANCELLED', 'Cancelled by the user.', details);
  const label = where.phase
    ? `Phase '${where.phase}'${where.what ? ` (${where.what})` : ''}`
    : 'The pipeline';
  if (USER.test(message))
    return new AppError('PIPELINE_INVALID', `${label}: ${first}`, {
      ...details,
      hint: 'Check the SQL of this phase against the columns of its input stage.',
    });
  if (/^IO Error/i.test(message))
    return new AppError('IO_TRANSIENT', `${label}: ${first}`, {
      ...details,
      hint: 'Check free disk space and permissions.',
    });
  const err = toAppError(e);
  Object.assign(err.details, details);
  return err;
}
