// Evaluating a phase's `when`: calendar parts against the run's start (stable across resumes), the SQL part
// against the phase's input stage (immutable, so also stable).

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { calendarParts, cronMatches, parseCron, WEEKDAYS } from './calendar.js';
import { classifyDuckDbError } from './duck-errors.js';
import type { WhenSpec } from './types.js';

/** A decision: run the phase, or skip it and why. */
export interface WhenDecision {
  run: boolean;
  reason?: string;
}

/** The calendar part of `when` at the run's start. */
export function calendarDecision(
  when: WhenSpec | undefined,
  startedAt: Date,
  timeZone?: string,
): WhenDecision {
  if (!when || (!when.weekdays && !when.cron)) return { run: true };
  const at = calendarParts(startedAt, timeZone);
  const day = WEEKDAYS[at.weekday] as string;
  if (when.weekdays && !when.weekdays.includes(day as never))
    return { run: false, reason: `the run started on ${day}, not ${when.weekdays.join('/')}` };
  if (when.cron && !cronMatches(parseCron(when.cron), at))
    return { run: false, reason: `the run's start does not match cron '${when.cron}'` };
  return { run: true };
}

/** The SQL part of `when`, over the temp views bound for the phase. */
export async function dataDecision(
  c: DuckDBConnection,
  when: WhenSpec | undefined,
  phase: string,
): Promise<WhenDecision> {
  if (!when?.sql) return { run: true };
  try {
    const r = await c.runAndReadAll(`SELECT CAST((${when.sql}) AS BOOLEAN) AS ok`);
    const ok = r.getRowObjectsJS()[0]?.ok === true;
    return ok ? { run: true } : { run: false, reason: `its condition is false: ${when.sql}` };
  } catch (e) {
    throw classifyDuckDbError(e, { phase, what: 'when' });
  }
}
