// Opening a file and waiting for its import: the first step of inspect, schema infer and validate.

import type { DatasetInfo, ImportSummary, OpenOverrides } from '../../core/contract/datasets.js';
import type { Engine } from '../../core/engine/index.js';
import { call } from '../host.js';

/** An opened, fully imported dataset. */
export interface OpenedDataset {
  info: DatasetInfo;
  summary: ImportSummary;
}

/** Opens `path` and waits until its import is done (instant when the project holds an up-to-date import). */
export async function openAndImport(
  engine: Engine,
  path: string,
  opts: { project?: string; overrides?: OpenOverrides; reimport?: boolean },
): Promise<OpenedDataset> {
  let info = await call(engine, 'datasets.open', {
    path,
    projectDir: opts.project,
    overrides: opts.overrides,
    reimport: opts.reimport,
  });
  if (info.status === 'stale') {
    // The CLI is non-interactive: a changed file is simply imported again (the UI asks first).
    info = await call(engine, 'datasets.open', {
      path,
      projectDir: opts.project,
      overrides: opts.overrides,
      reimport: true,
    });
  }
  const summary = await call(engine, 'datasets.waitForImport', { datasetId: info.datasetId });
  info = await call(engine, 'datasets.get', { datasetId: info.datasetId });
  return { info, summary };
}
