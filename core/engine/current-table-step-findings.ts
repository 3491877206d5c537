// The findings a recipe step reads are those of its own input stage under the dataset's schema: kept ones
// (live or parked) when there are, else that stage is validated once (through a scratch view) and parked.
// So a step scoped to findings gives the same result when it is recomputed later (an earlier step disabled,
// a recipe imported) as when it was applied.

import { createHash } from 'node:crypto';
import { withConnection, type DuckDBConnection } from '../adapters/duckdb.js';
import type { TableSchema } from '../contract/schema.js';
import { getSchema } from '../project/registry.js';
import type { FindingsSource } from '../recipe/apply.js';
import { canonicalJson } from '../recipe/stage-store.js';
import { quoteIdent } from '../sql/quote.js';
import { validateTable } from '../validate/index.js';
import type { DatasetState } from './context.js';
import { findingsKey, keptFindings, parkAs } from './current-table-findings.js';

async function findingsOf(
  conn: DuckDBConnection,
  datasetId: string,
  input: string,
  sourceKey: string,
  schema: TableSchema,
): Promise<string> {
  const key = await findingsKey(conn, { table: input, readerId: datasetId }, sourceKey, schema);
  const kept = await keptFindings(conn, datasetId, key);
  if (kept) return kept;
  const scratch = `${datasetId}__fv`;
  const view = quoteIdent(`${scratch}__source`);
  await conn.run(`CREATE OR REPLACE VIEW ${view} AS SELECT * FROM ${quoteIdent(input)}`);
  try {
    await validateTable(conn, scratch, schema);
    return await parkAs(conn, datasetId, key, `${scratch}__findings`);
  } finally {
    await conn.run(`DROP VIEW IF EXISTS ${view}`).catch(() => undefined);
  }
}

/** The findings source of a dataset's recipe session: read at each change, as the schema may have changed. */
export function stepFindings(s: DatasetState, sourceKey: string): () => Promise<FindingsSource | undefined> {
  const datasetId = s.info.datasetId;
  return async () => {
    const schema = await withConnection(s.project.db, (c) => getSchema(c, datasetId));
    if (!schema) return undefined;
    const key = createHash('sha256').update(canonicalJson(schema)).digest('hex').slice(0, 16);
    return { key, tableFor: (conn, input) => findingsOf(conn, datasetId, input, sourceKey, schema) };
  };
}
