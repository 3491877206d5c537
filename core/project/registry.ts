// The project's own bookkeeping, inside its DuckDB workspace so it changes atomically with the data:
// which datasets exist, how they were opened, their last import and their schema.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { ColumnInfo, Detection, ImportSummary, SourceFingerprint } from '../contract/datasets.js';
import type { TableSchema } from '../contract/schema.js';
import { AppError } from '../contract/errors.js';

/** The workspace format version this Sluice writes; a newer one is refused, an older one migrated. */
export const WORKSPACE_VERSION = 1;

/** What the project remembers of a dataset. */
export interface DatasetRecord {
  datasetId: string;
  source: SourceFingerprint;
  detection: Detection & { bomLength?: number };
  columns: ColumnInfo[];
  importSummary: ImportSummary;
}

/** Creates the bookkeeping tables if missing and checks the workspace version. */
export async function ensureRegistry(c: DuckDBConnection): Promise<void> {
  await c.run(`CREATE TABLE IF NOT EXISTS sluice_workspace (version INTEGER NOT NULL)`);
  const rows = (await c.runAndReadAll(`SELECT max(version) AS v FROM sluice_workspace`)).getRowObjectsJS();
  const v = rows[0]?.v as number | null | undefined;
  if (v == null) await c.run(`INSERT INTO sluice_workspace VALUES (${WORKSPACE_VERSION})`);
  else if (v > WORKSPACE_VERSION)
    throw new AppError(
      'WORKSPACE_INCOMPATIBLE',
      `This project was written by a newer Sluice (format ${v}).`,
      {
        hint: 'Update Sluice to open it.',
      },
    );
  await c.run(`CREATE TABLE IF NOT EXISTS sluice_datasets (
    dataset_id VARCHAR PRIMARY KEY, record VARCHAR NOT NULL, schema VARCHAR, updated_at TIMESTAMP NOT NULL)`);
}

/** The record of a dataset, or null when it was never imported in this project. */
export async function getRecord(c: DuckDBConnection, datasetId: string): Promise<DatasetRecord | null> {
  const r = await c.runAndReadAll(`SELECT record FROM sluice_datasets WHERE dataset_id = $1`, [datasetId]);
  const json = r.getRowObjectsJS()[0]?.record as string | undefined;
  return json ? (JSON.parse(json) as DatasetRecord) : null;
}

/** Stores (replaces) a dataset's record; keeps its schema. */
export async function putRecord(c: DuckDBConnection, rec: DatasetRecord): Promise<void> {
  await c.run(
    `INSERT INTO sluice_datasets VALUES ($1, $2, NULL, now())
     ON CONFLICT (dataset_id) DO UPDATE SET record = excluded.record, updated_at = now()`,
    [rec.datasetId, JSON.stringify(rec)],
  );
}

/** The dataset's stored schema, or null. */
export async function getSchema(c: DuckDBConnection, datasetId: string): Promise<TableSchema | null> {
  const r = await c.runAndReadAll(`SELECT schema FROM sluice_datasets WHERE dataset_id = $1`, [datasetId]);
  const json = r.getRowObjectsJS()[0]?.schema as string | null | undefined;
  return json ? (JSON.parse(json) as TableSchema) : null;
}

/** Stores the dataset's schema (the dataset must have a record). */
export async function putSchema(c: DuckDBConnection, datasetId: string, schema: TableSchema): Promise<void> {
  await c.run(`UPDATE sluice_datasets SET schema = $2, updated_at = now() WHERE dataset_id = $1`, [
    datasetId,
    JSON.stringify(schema),
  ]);
}
