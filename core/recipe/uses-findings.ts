// Which operations read the findings of the last validation: their result depends on the findings of their
// input, so their stage key carries the findings' identity and a recomputation asks for the findings of the
// step's own input, not whatever validation ran last.

import type { Condition, Operation } from '../contract/recipe.js';

function conditionUsesFindings(c: Condition): boolean {
  switch (c.kind) {
    case 'finding':
      return true;
    case 'and':
      return c.all.some(conditionUsesFindings);
    case 'or':
      return c.any.some(conditionUsesFindings);
    case 'not':
      return conditionUsesFindings(c.cond);
    default:
      return false;
  }
}

/** True when the operation reads findings (dropRowsWithFindings, or a `finding` condition anywhere). */
export function usesFindings(op: Operation): boolean {
  if (op.op === 'dropRowsWithFindings') return true;
  const where = 'where' in op ? op.where : undefined;
  return where !== undefined && conditionUsesFindings(where);
}
