// The dataset's current view: the recipe's stage at the cursor (the source when the recipe is empty). The
// grid, the profile, validation and findings all read it, so after a recipe change they show the changed data.

import { inTransaction, withConnection, type DuckDBConnection } from '../adapters/duckdb.js';
import type { TableSchema } from '../contract/schema.js';
import type { ValidationResult } from '../contract/validation.js';
import { countRows, tableColumns } from '../recipe/stage-store.js';
import { quoteIdent } from '../sql/quote.js';
import { findingsSummary, validateTable, type StepProgress } from '../validate/index.js';
import { tableExists } from '../validate/table-info.js';
import type { EngineContext } from './context.js';
import type { CurrentTable } from './current-table-alias.js';
import { adoptFindings, findingsKey, parkFindings, restoreFindings } from './current-table-findings.js';
import { inHeavyLane } from './heavy-lane.js';
import { recipeEntry, withRecipeLock, type RecipeEntry } from './recipe-sessions.js';

export type { CurrentTable } from './current-table-alias.js';

/** Where the dataset's current data is (opens its recipe session on first use). */
export async function currentTable(ctx: EngineContext, datasetId: string): Promise<CurrentTable> {
  return (await recipeEntry(ctx, datasetId)).current;
}

/** The current stage's columns, in order, without `__line`. */
export async function currentColumns(conn: DuckDBConnection, cur: CurrentTable): Promise<string[]> {
  return (await tableColumns(conn, cur.table)).map((c) => c.name);
}

/** Options of a validation of the current stage. */
export interface ValidateCurrentOptions {
  signal?: AbortSignal;
  onProgress?: (p: StepProgress) => void;
  /** Restore the findings cached for this stage and schema instead of validating again (undo/redo). */
  reuse?: boolean;
}

async function summaryOf(conn: DuckDBConnection, datasetId: string, rows: number, started: number) {
  // The reader id has no rejects table: rejected lines are the import's, counted on the dataset.
  const rejects = `${datasetId}__rejects`;
  const rejectedLines = (await tableExists(conn, rejects)) ? await countRows(conn, rejects) : 0;
  const summary = await findingsSummary(conn, datasetId, { rows, rejectedLines });
  return { ...summary, durationMs: Math.round(performance.now() - started) };
}

/**
 * Validates `entry.current` and stores its findings as the dataset's `<id>__findings` (swapped in at once, as
 * the validator does); the previous stage's findings are parked for undo/redo. Call with the dataset's recipe lock held.
 */
export async function validateStage(
  conn: DuckDBConnection,
  datasetId: string,
  entry: Pick<RecipeEntry, 'current' | 'sourceKey'>,
  schema: TableSchema,
  opts: ValidateCurrentOptions = {},
): Promise<ValidationResult> {
  const started = performance.now();
  const cur = entry.current;
  const key = await findingsKey(conn, cur, entry.sourceKey, schema);
  if (opts.reuse && (await restoreFindings(conn, datasetId, key)))
    return summaryOf(conn, datasetId, await countRows(conn, cur.table), started);
  // The findings of the stage we leave are kept (renamed), for an undo or redo back to it.
  await parkFindings(conn, datasetId);
  let result: ValidationResult;
  if (cur.readerId === datasetId) result = await validateTable(conn, datasetId, schema, opts);
  else {
    const r = await validateTable(conn, cur.readerId, schema, opts);
    const from = quoteIdent(`${cur.readerId}__findings`);
    await inTransaction(conn, async () => {
      await conn.run(`DROP TABLE IF EXISTS ${quoteIdent(`${datasetId}__findings`)}`);
      await conn.run(`ALTER TABLE ${from} RENAME TO ${quoteIdent(`${datasetId}__findings`)}`);
    });
    result = await summaryOf(conn, datasetId, r.rows, started);
  }
  await adoptFindings(conn, datasetId, key);
  return result;
}

/** Validates the dataset's current stage, serialised with recipe changes. */
export function validateCurrent(
  ctx: EngineContext,
  datasetId: string,
  schema: TableSchema,
  opts: ValidateCurrentOptions = {},
): Promise<ValidationResult> {
  // The recipe lock first, then the heavy lane: the one order every caller takes both in (heavy-lane.ts).
  return withRecipeLock(ctx, datasetId, (entry, s) =>
    inHeavyLane(ctx.heavy, s.project.dir, () =>
      withConnection(s.project.db, (c) => validateStage(c, datasetId, entry, schema, opts)),
    ),
  );
}
