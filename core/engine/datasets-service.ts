// datasets.*: open a file into its project (reusing an up-to-date import), preview, import in the background,
// and read windows of rows and rejects.

import { resolve } from 'node:path';
import { withConnection } from '../adapters/duckdb.js';
import type { RequestOf, ValueOf } from '../contract/api.js';
import type { DatasetInfo, Detection, ImportSummary, OpenOverrides } from '../contract/datasets.js';
import { AppError } from '../contract/errors.js';
import { detectFile } from '../csv/detect.js';
import { previewFile } from '../csv/preview.js';
import { importCsv, readRejects } from '../import/index.js';
import { ensureMemoryFloor } from '../import/memory-floor.js';
import { fingerprintFile, sameContent } from '../project/fingerprint.js';
import { datasetIdFor, defaultProjectDir } from '../project/paths.js';
import { openProject, type Project } from '../project/project.js';
import { getRecord, putRecord } from '../project/registry.js';
import { datasetState, readyDataset, type DatasetState, type EngineContext } from './context.js';
import { currentTable } from './current-table.js';
import { createViewCache, readView, type ViewCache } from './rows-view.js';

/** The project in `dir`, opened once per engine. */
export function projectAt(ctx: EngineContext, dir: string): Promise<Project> {
  let p = ctx.projects.get(dir);
  if (!p) {
    p = openProject(dir, ctx.deps.openDb, ctx.deps.duckdb);
    ctx.projects.set(dir, p);
    p.catch(() => ctx.projects.delete(dir));
  }
  return p;
}

const sameDialect = (a: Detection, b: Detection) =>
  a.encoding === b.encoding && JSON.stringify(a.dialect) === JSON.stringify(b.dialect);

/** datasets.open */
export async function openDataset(ctx: EngineContext, req: RequestOf<'datasets.open'>): Promise<DatasetInfo> {
  const path = resolve(req.path);
  const source = await fingerprintFile(path);
  const detection = await detectFile(path, req.overrides);
  const preview = await previewFile(path, detection, { rows: req.previewRows ?? 200 });
  const project = await projectAt(ctx, resolve(req.projectDir ?? defaultProjectDir(path, ctx.env)));
  const datasetId = datasetIdFor(path);
  const running = ctx.datasets.get(datasetId);
  if (running?.importJob && running.info.status === 'importing' && !req.reimport) return running.info;

  const record = await withConnection(project.db, (c) => getRecord(c, datasetId));
  const base = { datasetId, projectDir: project.dir, source, detection, preview };
  const previewColumns = preview.columns.map((name, index) => ({
    name,
    sourceName: preview.header[index] ?? name,
    index,
  }));
  let info: DatasetInfo;
  if (record && !req.reimport && (!req.overrides || sameDialect(record.detection, detection))) {
    const fresh = sameContent(record.source, source);
    // No import runs, but this dataset's stages are as wide as its import was.
    await withConnection(project.db, (c) => ensureMemoryFloor(c, record.columns.length));
    info = {
      ...base,
      detection: record.detection,
      columns: record.columns,
      status: fresh ? 'ready' : 'stale',
      importSummary: record.importSummary,
    };
    const state: DatasetState = { project, info };
    ctx.datasets.set(datasetId, state);
    return info;
  }
  info = { ...base, columns: previewColumns, status: 'importing' };
  const state: DatasetState = { project, info };
  ctx.datasets.set(datasetId, state);
  startImport(ctx, state);
  return { ...state.info };
}

function startImport(ctx: EngineContext, state: DatasetState): void {
  const { project, info } = state;
  const job = ctx.jobs.start('import', info.datasetId, async (signal, progress) => {
    try {
      const result = await importCsv({
        path: info.source.path,
        detection: info.detection,
        db: project.db,
        datasetId: info.datasetId,
        tmpDir: project.tmpDir,
        signal,
        onProgress: progress,
      });
      const { columns, ...summary } = result;
      await withConnection(project.db, (c) =>
        putRecord(c, {
          datasetId: info.datasetId,
          source: info.source,
          detection: info.detection,
          columns,
          importSummary: summary,
        }),
      );
      state.info = {
        ...state.info,
        columns,
        status: 'ready',
        importSummary: summary,
        importJobId: undefined,
      };
      state.profile = undefined;
      ctx.log.info('import finished', { datasetId: info.datasetId, rows: summary.rowsImported });
      return summary;
    } catch (e) {
      const cancelled = e instanceof AppError && e.code === 'CANCELLED';
      state.info = { ...state.info, status: cancelled ? 'cancelled' : 'failed', importJobId: undefined };
      throw e;
    } finally {
      state.importJob = undefined;
    }
  });
  state.importJob = job;
  state.info = { ...state.info, importJobId: job.id };
}

/** datasets.waitForImport */
export async function waitForImport(ctx: EngineContext, datasetId: string): Promise<ImportSummary> {
  const s = await readyDataset(ctx, datasetId);
  return s.info.importSummary as ImportSummary;
}

/** datasets.get */
export function getDataset(ctx: EngineContext, datasetId: string): DatasetInfo {
  return { ...datasetState(ctx, datasetId).info };
}

/** datasets.preview (no import, no project). */
export async function previewPath(path: string, rows: number | undefined, overrides?: OpenOverrides) {
  const detection = await detectFile(resolve(path), overrides);
  const {
    header: _h,
    renamed: _r,
    ...preview
  } = await previewFile(resolve(path), detection, { rows: rows ?? 200 });
  return preview;
}

/** datasets.rows */
export async function rowsPage(
  ctx: EngineContext,
  req: RequestOf<'datasets.rows'>,
): Promise<ValueOf<'datasets.rows'>> {
  const s = await readyDataset(ctx, req.datasetId);
  // The grid shows the recipe's current stage (the source when the recipe is empty).
  const cur = await currentTable(ctx, req.datasetId);
  if (!Number.isInteger(req.offset) || req.offset < 0)
    throw new AppError('BAD_USAGE', `offset must be a non-negative integer, got ${req.offset}.`, {});
  const { offset, sort, filters, marks } = req;
  return readView(s.project.db, viewCache(s), viewSource(req.datasetId, cur.table), {
    offset,
    limit: clampLimit(req.limit),
    sort,
    filters,
    marks,
  });
}

// Sorted and filtered views of each opened dataset (a re-open makes a new state, so a new cache).
const viewCaches = new WeakMap<DatasetState, ViewCache>();
const viewCache = (s: DatasetState) => {
  let c = viewCaches.get(s);
  if (!c) viewCaches.set(s, (c = createViewCache()));
  return c;
};
const viewSource = (datasetId: string, table: string) => ({ table, findingsTable: `${datasetId}__findings` });

/** datasets.rejects */
export async function rejectsPage(ctx: EngineContext, req: RequestOf<'datasets.rejects'>) {
  const s = await readyDataset(ctx, req.datasetId);
  return withConnection(s.project.db, (c) =>
    readRejects(c, req.datasetId, req.offset, clampLimit(req.limit)),
  );
}

/** Pages are bounded so one call can never pull a whole table into memory. */
export function clampLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 0)
    throw new AppError('BAD_USAGE', `limit must be a non-negative integer, got ${limit}.`, {});
  return Math.min(limit, 10_000);
}
