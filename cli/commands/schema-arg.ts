// A `--schema SCHEMA.json` option: read (file, line and column on bad JSON) before any work starts, then set on
// the dataset, with the file named on any SCHEMA_INVALID the engine finds. Used by validate, suggest, recipe.

import { resolve } from 'node:path';
import { AppError } from '../../core/contract/errors.js';
import type { Engine } from '../../core/engine/index.js';
import { readJsonFile } from '../../core/json/read-json-file.js';
import { call } from '../host.js';

/** A schema file given on the command line, parsed but not yet checked. */
export interface SchemaArg {
  file: string;
  schema: unknown;
}

/** The --schema value, or BAD_USAGE saying how to make one. */
export function requireSchemaOption(schema: string | undefined): string {
  if (!schema)
    throw new AppError('BAD_USAGE', 'Missing --schema SCHEMA.json.', {
      hint: 'Create one with: sluice schema infer FILE --out schema.json',
    });
  return schema;
}

/** Reads the schema file (a JSON syntax error names file, line and column). */
export async function readSchemaArg(path: string): Promise<SchemaArg> {
  const file = resolve(path);
  const { value } = await readJsonFile(file, 'SCHEMA_INVALID');
  return { file, schema: value };
}

/** Sets the schema on the dataset; a malformed schema fails naming the file. */
export async function setSchemaArg(engine: Engine, datasetId: string, arg: SchemaArg): Promise<void> {
  try {
    await call(engine, 'schema.set', { datasetId, schema: arg.schema });
  } catch (e) {
    if (e instanceof AppError) e.details.file ??= arg.file;
    throw e;
  }
}
