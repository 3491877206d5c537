// Reads one entry of `phases`: which keys each phase type accepts, and what each requires.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PhaseType } from '../contract/pipeline.js';
import type { Checker } from './check.js';
import {
  NAME_RE,
  NAME_TEXT,
  readBudget,
  readRecipeRef,
  readRetry,
  readSchemaRef,
  readWhen,
} from './parse-parts.js';
import type { PhaseSpec, RetryPolicy } from './types.js';

/** Every phase type. */
export const PHASE_TYPES: readonly PhaseType[] = [
  'extract',
  'validate',
  'clean',
  'transform',
  'map',
  'embed',
  'load',
  'custom',
];

const COMMON = ['name', 'type', 'when', 'retry', 'description'];
/** The keys each phase type accepts. */
export const PHASE_KEYS: Record<PhaseType, string[]> = {
  extract: [...COMMON, 'errorBudget'],
  validate: [...COMMON, 'schema', 'errorBudget'],
  clean: [...COMMON, 'recipe'],
  transform: [...COMMON, 'sql', 'recipe'],
  map: [...COMMON, 'columns'],
  embed: [...COMMON, 'options'],
  load: [...COMMON, 'destinations'],
  custom: [...COMMON, 'sql', 'module', 'params', 'columns'],
};

/** Reads `phases[i]` (a type name, or an object). */
export async function readPhase(
  ck: Checker,
  v: unknown,
  path: string,
  baseDir: string,
  retry: RetryPolicy,
): Promise<PhaseSpec> {
  const raw = typeof v === 'string' ? { type: v } : v;
  const type = ck.oneOf(
    ck.object(
      raw,
      path,
      Object.keys(PHASE_KEYS).flatMap((t) => PHASE_KEYS[t as PhaseType]),
    ).type,
    `${path}.type`,
    PHASE_TYPES,
  );
  const o = ck.object(raw, path, PHASE_KEYS[type]);
  const phase: PhaseSpec = {
    name: ck.string(o.name ?? type, `${path}.name`, NAME_RE, NAME_TEXT),
    type,
    retry: readRetry(ck, o.retry, `${path}.retry`, retry),
  };
  if (o.when !== undefined) phase.when = readWhen(ck, o.when, `${path}.when`);
  if (o.errorBudget !== undefined) phase.errorBudget = readBudget(ck, o.errorBudget, `${path}.errorBudget`);
  if (o.schema !== undefined) phase.schema = await readSchemaRef(ck, o.schema, `${path}.schema`, baseDir);
  if (o.recipe !== undefined) phase.recipe = await readRecipeRef(ck, o.recipe, `${path}.recipe`, baseDir);
  if (o.sql !== undefined) phase.sql = ck.string(o.sql, `${path}.sql`);
  if (o.options !== undefined) phase.options = ck.anyObject(o.options, `${path}.options`);
  if (o.destinations !== undefined)
    phase.destinations = ck
      .array(o.destinations, `${path}.destinations`, 1)
      .map((d, i) => ck.string(d, `${path}.destinations[${i}]`));
  if (type === 'map') phase.map = ck.stringMap(o.columns, `${path}.columns`);
  if (type === 'transform' && (o.sql === undefined) === (o.recipe === undefined))
    ck.fail(path, 'a transform phase needs exactly one of sql or recipe.');
  if (type === 'custom') await readCustom(ck, o, path, baseDir, phase);
  return phase;
}

async function readCustom(
  ck: Checker,
  o: Record<string, unknown>,
  path: string,
  baseDir: string,
  phase: PhaseSpec,
): Promise<void> {
  if ((o.sql === undefined) === (o.module === undefined))
    ck.fail(path, 'a custom phase needs exactly one of sql or module.');
  if (o.module !== undefined) {
    const m = ck.string(o.module, `${path}.module`);
    if (!/\.(m?js|cjs)$/.test(m))
      ck.fail(`${path}.module`, `'${m}' must be a JavaScript file (.js, .mjs, .cjs).`);
    phase.module = resolve(baseDir, m);
    try {
      // The module's content is part of the pipeline's hash: a run resumes only with the code it started with.
      phase.moduleHash = createHash('sha256')
        .update(await readFile(phase.module))
        .digest('hex');
    } catch (e) {
      ck.fail(
        `${path}.module`,
        `cannot read ${phase.module}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
      );
    }
    if (o.params !== undefined) phase.params = o.params;
    if (o.columns !== undefined) {
      const cols = ck.stringMap(o.columns, `${path}.columns`);
      for (const [k, t] of Object.entries(cols))
        if (!/^[A-Za-z][A-Za-z0-9_ ()[\],]*$/.test(t))
          ck.fail(
            `${path}.columns.${k}`,
            `'${t}' is not a DuckDB type name.`,
            'Use e.g. VARCHAR, BIGINT, DOUBLE, DATE.',
          );
      phase.columns = cols;
    }
  } else {
    for (const k of ['params', 'columns'])
      if (o[k] !== undefined) ck.fail(`${path}.${k}`, `only a module phase takes ${k}.`);
  }
}
