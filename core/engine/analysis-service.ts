// profile.*, schema.*, validation.*, findings.*: everything computed in DuckDB over the imported table.

import { withConnection } from '../adapters/duckdb.js';
import type { RequestOf } from '../contract/api.js';
import type { DatasetProfile } from '../contract/profile.js';
import type { TableSchema } from '../contract/schema.js';
import type { FindingsPage, FindingsSummary, ValidationResult } from '../contract/validation.js';
import { profileTable } from '../profile/index.js';
import { getSchema, putSchema } from '../project/registry.js';
import { inferSchema, parseSchema } from '../schema/index.js';
import { countRows } from '../recipe/stage-store.js';
import { exportFindingsCsv, findingsPage, findingsSummary } from '../validate/index.js';
import { readyDataset, type EngineContext } from './context.js';
import { currentColumns, currentTable, validateCurrent } from './current-table.js';
import { clampLimit } from './datasets-service.js';
import { inHeavyLane } from './heavy-lane.js';

/** profile.get of the current stage (cached until the next import or recipe change). */
export async function getProfile(ctx: EngineContext, datasetId: string): Promise<DatasetProfile> {
  const s = await readyDataset(ctx, datasetId);
  if (s.profile) return s.profile;
  const cur = await currentTable(ctx, datasetId);
  // profile.get, schema.get and suggestions.list all arrive at once after an import: one computation serves all.
  if (s.profiling?.table !== cur.table) {
    const promise = inHeavyLane(
      ctx.heavy,
      s.project.dir,
      () =>
        ctx.jobs.start('profile', datasetId, (signal) =>
          withConnection(s.project.db, async (c) =>
            profileTable(c, cur.readerId, await currentColumns(c, cur), { signal }),
          ),
        ).promise,
    );
    s.profiling = { table: cur.table, promise };
  }
  const { promise } = s.profiling;
  try {
    const profile = await promise;
    // A recipe change while it ran made it the profile of a stage no longer shown: not cached.
    if ((await currentTable(ctx, datasetId)).table === cur.table) s.profile = profile;
    return profile;
  } finally {
    if (s.profiling?.promise === promise) s.profiling = undefined;
  }
}

/** schema.infer */
export async function inferDatasetSchema(ctx: EngineContext, datasetId: string): Promise<TableSchema> {
  return inferSchema(await getProfile(ctx, datasetId));
}

/** schema.get: the stored schema, inferred and stored on first use. */
export async function getDatasetSchema(ctx: EngineContext, datasetId: string): Promise<TableSchema> {
  const s = await readyDataset(ctx, datasetId);
  const stored = await withConnection(s.project.db, (c) => getSchema(c, datasetId));
  if (stored) return stored;
  // Two writers of the same registry row conflict in DuckDB: callers arriving together share one.
  s.inferringSchema ??= (async () => {
    try {
      const inferred = await inferDatasetSchema(ctx, datasetId);
      await withConnection(s.project.db, (c) => putSchema(c, datasetId, inferred));
      return inferred;
    } finally {
      s.inferringSchema = undefined;
    }
  })();
  return s.inferringSchema;
}

/** schema.set: validates the schema's structure before storing it. */
export async function setDatasetSchema(
  ctx: EngineContext,
  req: RequestOf<'schema.set'>,
): Promise<TableSchema> {
  const s = await readyDataset(ctx, req.datasetId);
  const schema = parseSchema(req.schema);
  await withConnection(s.project.db, (c) => putSchema(c, req.datasetId, schema));
  return schema;
}

/** validation.run: validates the current stage (the recipe's, or the source). */
export async function runValidation(ctx: EngineContext, datasetId: string): Promise<ValidationResult> {
  const schema = await getDatasetSchema(ctx, datasetId);
  const job = ctx.jobs.start('validate', datasetId, (signal, progress) =>
    validateCurrent(ctx, datasetId, schema, { signal, onProgress: progress }),
  );
  return job.promise;
}

/** findings.summary (rows: of the current stage). */
export async function summary(ctx: EngineContext, datasetId: string): Promise<FindingsSummary> {
  const s = await readyDataset(ctx, datasetId);
  const imp = s.info.importSummary;
  const cur = await currentTable(ctx, datasetId);
  return withConnection(s.project.db, async (c) =>
    findingsSummary(c, datasetId, {
      rows: await countRows(c, cur.table),
      rejectedLines: imp?.linesRejected ?? 0,
    }),
  );
}

/** findings.page */
export async function page(ctx: EngineContext, req: RequestOf<'findings.page'>): Promise<FindingsPage> {
  const s = await readyDataset(ctx, req.datasetId);
  const { datasetId, ...filter } = req;
  return withConnection(s.project.db, (c) =>
    findingsPage(c, datasetId, { ...filter, limit: clampLimit(req.limit) }),
  );
}

/** findings.export */
export async function exportFindings(
  ctx: EngineContext,
  req: RequestOf<'findings.export'>,
): Promise<{ path: string; rows: number }> {
  const s = await readyDataset(ctx, req.datasetId);
  const { datasetId, path, ...filter } = req;
  const rows = await withConnection(s.project.db, (c) => exportFindingsCsv(c, datasetId, path, filter));
  return { path, rows };
}
