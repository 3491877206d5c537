// The readers of core (importer pages, profiler, validator) read `<id>__source`. A dataset whose recipe has
// applied steps is read through a view `<id>__current__source` over the recipe's stage, so those readers work
// on the current stage unchanged: they are handed the reader id `<id>__current` instead of `<id>`.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { quoteIdent } from '../sql/quote.js';

/** Where a dataset's current data is: the table (unquoted) and the id under which it reads as `<id>__source`. */
export interface CurrentTable {
  /** The table holding the current data: `<id>__source` or a recipe stage. */
  table: string;
  /** `<id>` when the table is the source, else `<id>__current` (a view `<id>__current__source` over it). */
  readerId: string;
}

/** The reader id of a dataset's current-stage view. */
export const aliasId = (datasetId: string) => `${datasetId}__current`;

/** Points the dataset's reader at `table` (re-creating the view when it is a stage). */
export async function pointAlias(
  conn: DuckDBConnection,
  datasetId: string,
  table: string,
): Promise<CurrentTable> {
  // At the source no view is needed. A view left from before is not dropped: a reader may still be on it.
  if (table === `${datasetId}__source`) return { table, readerId: datasetId };
  const view = quoteIdent(`${aliasId(datasetId)}__source`);
  await conn.run(`CREATE OR REPLACE VIEW ${view} AS SELECT * FROM ${quoteIdent(table)}`);
  return { table, readerId: aliasId(datasetId) };
}
