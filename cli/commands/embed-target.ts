// FILE_OR_PROJECT for `sluice embed` and `sluice similar`: a CSV file (opened into its project, imported once),
// or a project folder (its dataset's file opened into that folder).

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../../core/contract/errors.js';
import type { Engine } from '../../core/engine/index.js';
import { OPEN_OPTIONS, overridesFrom } from '../args.js';
import { call } from '../host.js';
import { openAndImport, type OpenedDataset } from './open-dataset.js';

/** Options both commands take. */
export const TARGET_OPTIONS = {
  ...OPEN_OPTIONS,
  column: { type: 'string' },
} as const;

/** The parsed values target() reads. */
export interface TargetValues {
  project?: string;
  encoding?: string;
  delimiter?: string;
  quote?: string;
  'no-header'?: boolean;
  reimport?: boolean;
  column?: string;
}

/** The --column value, or a usage error. */
export function requireColumn(values: TargetValues): string {
  if (!values.column)
    throw new AppError('BAD_USAGE', 'Missing --column C (the text column).', {
      hint: 'Run `sluice inspect FILE` to see the columns.',
    });
  return values.column;
}

/** Opens the file or project folder and waits for its import. */
export async function openTarget(
  engine: Engine,
  target: string,
  values: TargetValues,
): Promise<OpenedDataset> {
  const abs = resolve(target);
  if (existsSync(abs) && statSync(abs).isDirectory()) {
    if (values.project)
      throw new AppError('BAD_USAGE', 'Give a project folder or --project, not both.', {
        hint: 'sluice embed PROJECT_DIR --column C',
      });
    const src = await call(engine, 'embed.projectSource', { projectDir: abs });
    if (src.others.length > 0)
      process.stderr.write(`sluice: the project holds ${src.others.length + 1} files; using ${src.path}\n`);
    return openAndImport(engine, src.path, { project: abs, overrides: overridesFrom(values) });
  }
  return openAndImport(engine, target, {
    project: values.project,
    overrides: overridesFrom(values),
    reimport: values.reimport,
  });
}
