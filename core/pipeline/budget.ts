// The error budget: a phase that reports issues (rejected lines at extract, findings at validate) aborts the
// run when they exceed the budget's count or ratio.

import type { PhaseResult } from './phase-api.js';
import type { ErrorBudget } from './types.js';

/** Why the result is over budget, or null when it is within it. */
export function budgetExceeded(budget: ErrorBudget | undefined, r: PhaseResult): string | null {
  if (!budget) return null;
  const issues = r.findings ?? r.rowsRejected ?? 0;
  const issueRows = r.rowsRejected ?? 0;
  const base = r.budgetBase ?? r.rowsIn;
  if (budget.maxFindings !== undefined && issues > budget.maxFindings)
    return `${issues} issue(s), more than the budget of ${budget.maxFindings}`;
  if (budget.maxRatio !== undefined && base > 0 && issueRows / base > budget.maxRatio)
    return `${issueRows} of ${base} rows (${((100 * issueRows) / base).toFixed(2)}%) have issues, more than the budget of ${(100 * budget.maxRatio).toFixed(2)}%`;
  return null;
}
