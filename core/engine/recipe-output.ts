// recipe.writeData: the current stage to a CSV or Parquet file, written by DuckDB COPY to a temporary name and
// renamed into place, so a reader never sees half a file.

import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { withConnection } from '../adapters/duckdb.js';
import type { RequestOf, ValueOf } from '../contract/api.js';
import { tableColumns } from '../recipe/stage-store.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { readyDataset, type EngineContext } from './context.js';
import { recipeEntry } from './recipe-sessions.js';

/** recipe.writeData */
export async function writeCurrentData(
  ctx: EngineContext,
  req: RequestOf<'recipe.writeData'>,
): Promise<ValueOf<'recipe.writeData'>> {
  const s = await readyDataset(ctx, req.datasetId);
  const { current } = await recipeEntry(ctx, req.datasetId);
  const path = resolve(req.path);
  const format = req.format ?? (extname(path).toLowerCase() === '.parquet' ? 'parquet' : 'csv');
  const tmp = `${path}.${process.pid}.tmp`;
  await mkdir(dirname(path), { recursive: true });
  return withConnection(s.project.db, async (c) => {
    const cols = (await tableColumns(c, current.table)).map((x) => quoteIdent(x.name)).join(', ');
    const query = `SELECT ${cols} FROM ${quoteIdent(current.table)} ORDER BY __line`;
    const options = format === 'parquet' ? 'FORMAT parquet' : 'FORMAT csv, HEADER true';
    try {
      const r = await c.runAndReadAll(`COPY (${query}) TO ${quoteLiteral(tmp)} (${options})`);
      const rows = Number(r.getRowsJS()[0]?.[0] ?? 0);
      await rename(tmp, path);
      return { path, format, rows };
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  });
}
