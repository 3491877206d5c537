// suggestions.list: fixes for the findings of the last validation (of the current stage), measured on the
// whole current stage, largest findings group first.

import { inTransaction, withConnection } from '../adapters/duckdb.js';
import type { RequestOf } from '../contract/api.js';
import { AppError } from '../contract/errors.js';
import type { Suggestion } from '../contract/recipe.js';
import type { FindingsSummary, RuleName } from '../contract/validation.js';
import { suggestFixes } from '../suggest/index.js';
import { findingsSummary } from '../validate/index.js';
import { getDatasetSchema } from './analysis-service.js';
import { readyDataset, type EngineContext } from './context.js';
import { inHeavyLane } from './heavy-lane.js';
import { recipeEntry } from './recipe-sessions.js';

/** The findings groups to suggest fixes for (those the request names), largest first. */
function groupsToFix(
  summary: FindingsSummary,
  req: RequestOf<'suggestions.list'>,
): { column: string; rule: RuleName }[] {
  return Object.entries(summary.byColumn)
    .flatMap(([column, rules]) =>
      Object.entries(rules).map(([rule, n]) => ({ column, rule: rule as RuleName, n: n ?? 0 })),
    )
    .filter(
      (g) => (req.column === undefined || g.column === req.column) && (!req.rule || g.rule === req.rule),
    )
    .sort((a, b) => b.n - a.n || a.column.localeCompare(b.column) || a.rule.localeCompare(b.rule))
    .map(({ column, rule }) => ({ column, rule }));
}

/** suggestions.list */
export async function listSuggestions(
  ctx: EngineContext,
  req: RequestOf<'suggestions.list'>,
): Promise<Suggestion[]> {
  const s = await readyDataset(ctx, req.datasetId);
  const schema = await getDatasetSchema(ctx, req.datasetId);
  const entry = await recipeEntry(ctx, req.datasetId);
  if (req.maxPerGroup !== undefined && (!Number.isInteger(req.maxPerGroup) || req.maxPerGroup < 1))
    throw new AppError('BAD_USAGE', `maxPerGroup must be a positive integer, got ${req.maxPerGroup}.`, {});
  // Measuring every fix scans the whole stage: it takes its turn with the profile (heavy-lane.ts), and reads one
  // snapshot, since a validation finishing meanwhile swaps the findings tables.
  return inHeavyLane(ctx.heavy, s.project.dir, () =>
    withConnection(s.project.db, (c) =>
      inTransaction(c, async () =>
        suggestFixes(c, req.datasetId, {
          schema,
          table: entry.current.table,
          groups: groupsToFix(await findingsSummary(c, req.datasetId, { rows: 0, rejectedLines: 0 }), req),
          ...(req.maxPerGroup !== undefined ? { maxPerGroup: req.maxPerGroup } : {}),
        }),
      ),
    ),
  );
}
