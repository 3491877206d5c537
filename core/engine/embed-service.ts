// embed.run, embed.columns, embed.similar over an opened dataset's source table. The model runs in the host's
// worker pool when it has one (each worker keeps it loaded), else in this thread.

import { isAbsolute, resolve } from 'node:path';
import { withConnection } from '../adapters/duckdb.js';
import type { RequestOf } from '../contract/api.js';
import type { EmbeddedColumn, EmbedRunResult, SimilarResult } from '../contract/api-embed.js';
import { AppError } from '../contract/errors.js';
import { embedColumn } from '../embed/embed-column.js';
import { listCatalog, readCatalog } from '../embed/embed-tables.js';
import type { EmbedderSpec } from '../embed/embedder.js';
import { openEmbedder } from '../embed/open-embedder.js';
import { quoteIdent } from '../sql/quote.js';
import { similar, similarToText } from '../embed/similar.js';
import { readyDataset, type EngineContext } from './context.js';
import { currentColumns, currentTable } from './current-table.js';
import { modelsDir } from './embed-models.js';

const MAX_K = 1000;

const looksLikePath = (s: string) =>
  isAbsolute(s) || s.includes('/') || s.includes('\\') || s.startsWith('.');

/** A model argument made stable: folder paths absolute (they are stored in the catalog for later queries). */
function modelSpecOf(model: string | undefined): string | undefined {
  return model !== undefined && looksLikePath(model) ? resolve(model) : model;
}

function positiveInt(v: number | undefined, name: string): number | undefined {
  if (v !== undefined && (!Number.isInteger(v) || v < 1))
    throw new AppError('BAD_USAGE', `${name} must be a positive integer, got ${v}.`);
  return v;
}

/** The model the name (display name of a spec) would show: a manifest name or the folder's last segment. */
function displayName(modelId: string): string {
  return modelId.split('@')[0] ?? modelId;
}

/** embed.run */
export async function runEmbed(ctx: EngineContext, req: RequestOf<'embed.run'>): Promise<EmbedRunResult> {
  const s = await readyDataset(ctx, req.datasetId);
  if (req.device !== undefined && req.device !== 'cpu' && req.device !== 'cuda')
    throw new AppError('BAD_USAGE', `Unknown device '${String(req.device)}'.`, { hint: 'Use cpu or cuda.' });
  // The current recipe stage, not the imported source: embeddings are of the data as fixed so far.
  const cur = await currentTable(ctx, req.datasetId);
  const columns = await withConnection(s.project.db, (conn) => currentColumns(conn, cur));
  if (!columns.includes(req.column)) {
    throw new AppError('NOT_FOUND', `There is no column "${req.column}".`, {
      column: req.column,
      hint: `Columns: ${columns.join(', ')}.`,
    });
  }
  const model = modelSpecOf(req.model);
  const spec: EmbedderSpec = {
    model,
    modelsDir: modelsDir(ctx),
    device: req.device ?? 'cpu',
    batchSize: positiveInt(req.batchSize, 'batchSize'),
    threads: positiveInt(req.threads, 'threads'),
  };
  let jobId = '';
  const job = ctx.jobs.start('embed', req.datasetId, async (signal, progress) => {
    const embedder = await openEmbedder(spec, ctx.deps.pool?.(), signal);
    try {
      for (const w of embedder.warnings) ctx.log.warn(w, { datasetId: req.datasetId, column: req.column });
      const r = await embedColumn(
        s.project.db,
        {
          datasetId: req.datasetId,
          column: req.column,
          table: cur.table,
          modelSpec: model ?? embedder.info.name,
        },
        embedder,
        {
          signal,
          onProgress: (p) => {
            progress({
              step: 'embed',
              rows: p.rowsDone,
              rowsPerSec: p.textsPerSecond,
              etaSec: p.etaSeconds ?? undefined,
              fraction: p.rowsTotal > 0 ? p.rowsDone / p.rowsTotal : 1,
            });
            ctx.events.emit('embed.progress', { jobId, datasetId: req.datasetId, column: req.column, ...p });
          },
        },
      );
      const { info } = embedder;
      return {
        datasetId: req.datasetId,
        column: req.column,
        model: info.name,
        modelId: r.modelId,
        dimension: r.dimension,
        rows: r.rows,
        rowsEmbedded: r.rowsEmbedded,
        rowsFromCache: r.rowsFromCache,
        rowsAlreadyDone: r.rowsAlreadyDone,
        rowsSkipped: r.rowsSkipped,
        textsEmbedded: r.textsEmbedded,
        truncated: r.truncated,
        textsPerSecond: r.textsPerSecond,
        durationMs: r.durationMs,
        device: info.device,
        requestedDevice: info.requestedDevice,
        warnings: embedder.warnings,
        norms: r.norms,
      };
    } finally {
      await embedder.close();
    }
  });
  jobId = job.id;
  return job.promise;
}

/** embed.columns */
export async function embeddedColumns(ctx: EngineContext, datasetId: string): Promise<EmbeddedColumn[]> {
  const s = await readyDataset(ctx, datasetId);
  const entries = await withConnection(s.project.db, (c) => listCatalog(c, datasetId));
  return entries.map(({ column, entry }) => ({
    column,
    model: entry.modelSpec ?? displayName(entry.modelId),
    modelId: entry.modelId,
    dimension: entry.dimension,
    rows: entry.rows,
    updatedAt: entry.updatedAt ?? '',
  }));
}

/** embed.similar */
export async function similarRows(
  ctx: EngineContext,
  req: RequestOf<'embed.similar'>,
): Promise<SimilarResult> {
  const s = await readyDataset(ctx, req.datasetId);
  const k = req.k ?? 10;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K)
    throw new AppError('BAD_USAGE', `k must be an integer from 1 to ${MAX_K}, got ${k}.`);
  const hasLine = req.line !== undefined;
  const hasText = req.text !== undefined;
  if (hasLine === hasText)
    throw new AppError('BAD_USAGE', 'Give exactly one of line or text.', {
      hint: 'line: rows similar to that row; text: rows similar to a query text.',
    });
  const cur = await currentTable(ctx, req.datasetId);
  return withConnection(s.project.db, async (conn) => {
    const cat = await readCatalog(conn, req.datasetId, req.column);
    if (req.line !== undefined) {
      if (!Number.isInteger(req.line))
        throw new AppError('BAD_USAGE', `line must be a whole number, got ${req.line}.`);
      const rows = await similar(conn, req.datasetId, req.column, { line: req.line }, k, {
        table: cur.table,
      });
      const self = await conn.runAndReadAll(
        `SELECT CAST(s.${quoteIdent(req.column)} AS VARCHAR) FROM ${quoteIdent(cur.table)} s WHERE s.__line = ${req.line}`,
      );
      const text = self.getRows()[0]?.[0];
      return {
        column: req.column,
        modelId: cat?.modelId ?? '',
        query: { line: req.line, text: text == null ? null : String(text) },
        rows,
      };
    }
    const text = req.text ?? '';
    if (!cat || cat.rows === null) {
      throw new AppError('NOT_FOUND', `Column "${req.column}" has no complete embeddings yet.`, {
        column: req.column,
        hint: 'Run `sluice embed` on this column first.',
      });
    }
    // The query must go through the very model that made the column's vectors.
    const spec: EmbedderSpec = {
      model: cat.modelSpec ?? displayName(cat.modelId),
      modelsDir: modelsDir(ctx),
    };
    const embedder = await openEmbedder(spec, ctx.deps.pool?.());
    try {
      const rows = await similarToText(conn, req.datasetId, req.column, text, embedder, k);
      return { column: req.column, modelId: cat.modelId, query: { text }, rows };
    } finally {
      await embedder.close();
    }
  });
}
