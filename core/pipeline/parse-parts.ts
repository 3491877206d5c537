// Readers for the parts of a pipeline file shared by the pipeline and its phases: `when`, `retry`,
// `errorBudget`, destinations, and references to schema/recipe files.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../contract/errors.js';
import type { Recipe } from '../contract/recipe.js';
import type { TableSchema } from '../contract/schema.js';
import { parseRecipe } from '../recipe/index.js';
import { parseSchema } from '../schema/parse-schema.js';
import { parseCron, WEEKDAYS } from './calendar.js';
import type { Checker } from './check.js';
import type { ConfigValues } from './config.js';
import type { DestinationSpec, ErrorBudget, RetryPolicy, WhenSpec } from './types.js';

/** Names of phases and destinations: they become parts of table names, so no `__` and nothing exotic. */
export const NAME_RE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** What NAME_RE means, for error messages. */
export const NAME_TEXT = 'must be lowercase letters, digits and single underscores, starting with a letter';

/** `when`: an SQL string, or { sql?, weekdays?, cron? }. */
export function readWhen(ck: Checker, v: unknown, path: string): WhenSpec {
  if (typeof v === 'string') return { sql: ck.string(v, path) };
  const o = ck.object(v, path, ['sql', 'weekdays', 'cron']);
  const when: WhenSpec = {};
  if (o.sql !== undefined) when.sql = ck.string(o.sql, `${path}.sql`);
  if (o.weekdays !== undefined)
    when.weekdays = ck
      .array(o.weekdays, `${path}.weekdays`, 1)
      .map((d, i) =>
        ck.oneOf(typeof d === 'string' ? d.toLowerCase().slice(0, 3) : d, `${path}.weekdays[${i}]`, WEEKDAYS),
      );
  if (o.cron !== undefined) {
    const cron = ck.string(o.cron, `${path}.cron`);
    try {
      parseCron(cron);
    } catch (e) {
      ck.fail(`${path}.cron`, `${(e as Error).message}.`, "Use five fields, e.g. '0 6 * * mon-fri'.");
    }
    when.cron = cron;
  }
  if (Object.keys(when).length === 0) ck.fail(path, 'must give sql, weekdays or cron.');
  return when;
}

/** `retry`, over the given defaults. */
export function readRetry(ck: Checker, v: unknown, path: string, base: RetryPolicy): RetryPolicy {
  if (v === undefined) return base;
  const o = ck.object(v, path, ['attempts', 'baseDelayMs', 'factor', 'maxDelayMs', 'jitter']);
  return {
    attempts: o.attempts === undefined ? base.attempts : ck.integer(o.attempts, `${path}.attempts`, 1, 100),
    baseDelayMs:
      o.baseDelayMs === undefined
        ? base.baseDelayMs
        : ck.integer(o.baseDelayMs, `${path}.baseDelayMs`, 0, 3_600_000),
    factor: o.factor === undefined ? base.factor : ck.number(o.factor, `${path}.factor`, 1, 10),
    maxDelayMs:
      o.maxDelayMs === undefined
        ? base.maxDelayMs
        : ck.integer(o.maxDelayMs, `${path}.maxDelayMs`, 0, 3_600_000),
    jitter: o.jitter === undefined ? base.jitter : ck.number(o.jitter, `${path}.jitter`, 0, 1),
  };
}

/** The retry policy phases get when neither the file nor the phase says otherwise. */
export function defaultRetry(
  cfg: Pick<ConfigValues, 'retryAttempts' | 'retryBaseMs' | 'retryMaxMs'>,
): RetryPolicy {
  return {
    attempts: cfg.retryAttempts,
    baseDelayMs: cfg.retryBaseMs,
    factor: 2,
    maxDelayMs: cfg.retryMaxMs,
    jitter: 0.5,
  };
}

/** `errorBudget`. */
export function readBudget(ck: Checker, v: unknown, path: string): ErrorBudget {
  const o = ck.object(v, path, ['maxFindings', 'maxRatio']);
  const b: ErrorBudget = {};
  if (o.maxFindings !== undefined) b.maxFindings = ck.integer(o.maxFindings, `${path}.maxFindings`, 0);
  if (o.maxRatio !== undefined) b.maxRatio = ck.number(o.maxRatio, `${path}.maxRatio`, 0, 1);
  if (b.maxFindings === undefined && b.maxRatio === undefined)
    ck.fail(path, 'must give maxFindings or maxRatio.');
  return b;
}

/** One entry of `destinations`. */
export function readDestination(ck: Checker, v: unknown, path: string, baseDir: string): DestinationSpec {
  const o = ck.object(v, path, ['name', 'type', 'path', 'where', 'columns', 'keepLine', 'options']);
  const type = ck.oneOf(o.type, `${path}.type`, ['parquet', 'csv', 'postgres'] as const);
  const d: DestinationSpec = {
    name: ck.string(o.name ?? type, `${path}.name`, NAME_RE, NAME_TEXT),
    type,
    keepLine: o.keepLine === undefined ? false : ck.boolean(o.keepLine, `${path}.keepLine`),
    options: o.options === undefined ? {} : ck.anyObject(o.options, `${path}.options`),
  };
  if (type === 'postgres') {
    if (o.path !== undefined)
      ck.fail(`${path}.path`, 'a postgres destination has no path.', 'Put the table in options.');
  } else d.path = resolve(baseDir, ck.string(o.path, `${path}.path`));
  if (o.where !== undefined) d.where = ck.string(o.where, `${path}.where`);
  if (o.columns !== undefined)
    d.columns = ck
      .array(o.columns, `${path}.columns`, 1)
      .map((c, i) => ck.string(c, `${path}.columns[${i}]`));
  return d;
}

/** A JSON file named by a pipeline (schema, recipe), read; errors name the key that names it. */
export async function readJsonRef(ck: Checker, ref: string, path: string, baseDir: string): Promise<unknown> {
  const file = resolve(baseDir, ref);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return ck.fail(
      path,
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    return ck.fail(path, `${file} is not valid JSON: ${(e as Error).message}.`);
  }
}

/** Runs another module's strict reader, turning its error into PIPELINE_INVALID at `path`. */
function nested<T>(ck: Checker, path: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    const err = e as AppError;
    if (!(err instanceof AppError) || err.code === 'INTERNAL') throw e;
    return ck.fail(path, err.message, typeof err.details.hint === 'string' ? err.details.hint : undefined);
  }
}

/** A Table Schema given inline or as a file, read by the schema module's strict parser. */
export async function readSchemaRef(
  ck: Checker,
  v: unknown,
  path: string,
  baseDir: string,
): Promise<TableSchema> {
  const raw = typeof v === 'string' ? await readJsonRef(ck, v, path, baseDir) : v;
  const where = typeof v === 'string' ? `${path} (${v})` : path;
  return nested(ck, where, () => parseSchema(raw, typeof v === 'string' ? resolve(baseDir, v) : undefined));
}

/** A recipe given inline or as a file, read by the recipe module's strict parser. */
export async function readRecipeRef(ck: Checker, v: unknown, path: string, baseDir: string): Promise<Recipe> {
  const raw = typeof v === 'string' ? await readJsonRef(ck, v, path, baseDir) : v;
  return nested(ck, typeof v === 'string' ? `${path} (${v})` : path, () => parseRecipe(raw));
}
