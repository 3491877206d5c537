// What a sync reads: an opened dataset's current stage (its working recipe applied, else the imported table)
// with its schema, or a dataset of a project folder that is not opened (a project synced from the CLI).

import { join } from 'node:path';
import { stat } from 'node:fs/promises';
import { withConnection, type DuckDbHandle } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import type { TableSchema } from '../contract/schema.js';
import type { SyncRequest } from '../contract/sync.js';
import { RecipeSession } from '../recipe/index.js';
import { getSchema } from '../project/registry.js';
import { parseSchema } from '../schema/index.js';
import { getDatasetSchema } from './analysis-service.js';
import { readyDataset, type EngineContext } from './context.js';
import { currentTable } from './current-table.js';
import { projectAt } from './datasets-service.js';

/** The workspace, dataset and table a sync reads, with the schema that types it. */
export interface ResolvedSource {
  duck: DuckDbHandle;
  datasetId: string;
  schema: TableSchema;
  /** Workspace table holding the rows (the current recipe stage, or `<id>__source`). */
  sourceTable: string;
  /** Where the stage's scratch files go. */
  tmpDir: string;
}

async function hasWorkingRecipe(duck: DuckDbHandle, datasetId: string): Promise<boolean> {
  return withConnection(duck, async (c) => {
    const t = await c.runAndReadAll(
      `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'sluice_recipe_sessions'`,
    );
    if (Number(t.getRowObjectsJS()[0]?.n) === 0) return false;
    const r = await c.runAndReadAll(`SELECT cursor FROM sluice_recipe_sessions WHERE dataset_id = $1`, [
      datasetId,
    ]);
    return Number(r.getRowObjectsJS()[0]?.cursor ?? 0) > 0;
  });
}

/** The current stage of a dataset not opened in this engine: its saved recipe's table (stages are cached). */
async function currentStage(duck: DuckDbHandle, datasetId: string): Promise<string> {
  if (!(await hasWorkingRecipe(duck, datasetId))) return `${datasetId}__source`;
  const session = await RecipeSession.open(duck, datasetId);
  return session.state.table;
}

/** Resolves a sync request's source; a schema in the request wins over the stored one. */
export async function resolveSource(
  ctx: EngineContext,
  req: Pick<SyncRequest, 'datasetId' | 'projectDir' | 'schema'>,
): Promise<ResolvedSource> {
  const given = req.schema !== undefined ? parseSchema(req.schema) : undefined;
  if (req.datasetId && !req.projectDir) {
    const s = await readyDataset(ctx, req.datasetId);
    const schema = given ?? (await getDatasetSchema(ctx, req.datasetId));
    const duck = s.project.db;
    return {
      duck,
      datasetId: req.datasetId,
      schema,
      // The recipe's stage at the cursor, as the grid and the findings show it.
      sourceTable: (await currentTable(ctx, req.datasetId)).table,
      tmpDir: s.project.tmpDir,
    };
  }
  if (!req.projectDir) throw new AppError('BAD_USAGE', 'A sync needs a source: a datasetId or a projectDir.');
  const dir = req.projectDir;
  if (!(await stat(join(dir, 'workspace.duckdb')).catch(() => undefined)))
    throw new AppError('NOT_FOUND', `${dir} is not a Sluice project (no workspace.duckdb).`, {
      file: dir,
      hint: 'Name the project folder, or the CSV file itself.',
    });
  const project = await projectAt(ctx, dir);
  const ids = await withConnection(project.db, async (c) => {
    const r = await c.runAndReadAll(`SELECT dataset_id FROM sluice_datasets ORDER BY dataset_id`);
    return r.getRowObjectsJS().map((x) => String(x.dataset_id));
  });
  const datasetId = req.datasetId ?? (ids.length === 1 ? ids[0] : undefined);
  if (!datasetId || !ids.includes(datasetId))
    throw new AppError(
      ids.length === 0 ? 'NOT_FOUND' : 'BAD_USAGE',
      ids.length === 0
        ? `Project ${dir} holds no dataset.`
        : `Project ${dir} holds ${ids.length === 1 ? 'another dataset' : `${ids.length} datasets`}; say which.`,
      { file: dir, hint: `Its datasets: ${ids.join(', ') || 'none'}.` },
    );
  const schema = given ?? (await withConnection(project.db, (c) => getSchema(c, datasetId)));
  if (!schema)
    throw new AppError('BAD_USAGE', `Dataset ${datasetId} of project ${dir} has no schema yet.`, {
      file: dir,
      hint: 'Pass a schema (--schema SCHEMA.json), or validate the file once.',
    });
  return {
    duck: project.db,
    datasetId,
    schema,
    sourceTable: await currentStage(project.db, datasetId),
    tmpDir: project.tmpDir,
  };
}
