// embed.projectSource: which CSV file a project folder holds, so `sluice embed PROJECT` and `sluice similar
// PROJECT` can take a project instead of a file (the caller then opens that file into that project).

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { withConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import type { DatasetRecord } from '../project/registry.js';
import type { EngineContext } from './context.js';
import { projectAt } from './datasets-service.js';

/** The source file of the project's one dataset (the most recently imported one when it holds several). */
export async function projectSource(
  ctx: EngineContext,
  projectDir: string,
): Promise<{ path: string; datasetId: string; others: string[] }> {
  const dir = resolve(projectDir);
  if (!existsSync(join(dir, 'workspace.duckdb')))
    throw new AppError('NOT_FOUND', `${dir} is not a Sluice project (no workspace.duckdb).`, {
      file: dir,
      hint: 'Pass a CSV file, or a project folder made by Sluice (--project).',
    });
  const project = await projectAt(ctx, dir);
  // The registry (core/project/registry.ts) has no list function; its table is read directly, newest first.
  const records = await withConnection(project.db, async (c) => {
    const r = await c.runAndReadAll(`SELECT record FROM sluice_datasets ORDER BY updated_at DESC`);
    return r.getRowObjectsJS().map((o) => JSON.parse(String(o.record)) as DatasetRecord);
  });
  const [first, ...rest] = records;
  if (!first)
    throw new AppError('NOT_FOUND', `Project ${dir} holds no dataset yet.`, {
      file: dir,
      hint: 'Open a CSV file into it first (e.g. sluice inspect FILE --project DIR).',
    });
  return { path: first.source.path, datasetId: first.datasetId, others: rest.map((r) => r.source.path) };
}
