// The strict parser of `*.sluice.json` files (schema: pipeline.schema.json). Every error is PIPELINE_INVALID
// with the JSON path of the offending value; the result has every default filled in and every referenced
// file read, and carries the hashes that run history records and resume compares.

import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { Checker, invalid } from './check.js';
import {
  CONFIG_KEYS,
  checkConfigValue,
  resolveConfig,
  type ConfigKey,
  type ConfigOverrides,
} from './config.js';
import { readPhase } from './parse-phase.js';
import {
  defaultRetry,
  readBudget,
  readDestination,
  readRecipeRef,
  readRetry,
  readSchemaRef,
} from './parse-parts.js';
import type { LoadedPipeline, PhaseSpec, PipelineSpec, SourceSpec } from './types.js';
import { isGlob } from './glob.js';
import { readJsonFile } from '../json/read-json-file.js';

/** The keys a pipeline file may have at its top level. */
export const PIPELINE_KEYS = [
  '$schema',
  'version',
  'name',
  'description',
  'source',
  'schema',
  'recipe',
  'errorBudget',
  'retry',
  'timezone',
  'config',
  'destinations',
  'phases',
];

/** sha256 of a JSON value with sorted keys (so formatting and key order do not change it). */
export function stableHash(value: unknown): string {
  const canon = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canon)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, canon((v as Record<string, unknown>)[k])]),
          )
        : v;
  return createHash('sha256')
    .update(JSON.stringify(canon(value)))
    .digest('hex');
}

function readSource(ck: Checker, v: unknown, baseDir: string): SourceSpec {
  const o = typeof v === 'string' ? { path: v } : ck.object(v, '$.source', ['path', 'glob', 'dialect']);
  if ((o.path === undefined) === (o.glob === undefined))
    ck.fail('$.source', 'needs exactly one of path or glob.');
  const src: SourceSpec = {};
  if (o.path !== undefined) {
    const p = ck.string(o.path, '$.source.path');
    if (isGlob(p)) src.glob = resolve(baseDir, p);
    else src.path = resolve(baseDir, p);
  } else src.glob = resolve(baseDir, ck.string(o.glob, '$.source.glob'));
  if ('dialect' in o && o.dialect !== undefined) {
    const d = ck.object(o.dialect, '$.source.dialect', [
      'encoding',
      'delimiter',
      'quote',
      'escape',
      'header',
    ]);
    src.dialect = d as SourceSpec['dialect'];
  }
  return src;
}

function readConfig(ck: Checker, v: unknown): ConfigOverrides {
  if (v === undefined) return {};
  const o = ck.object(v, '$.config', CONFIG_KEYS);
  const out: ConfigOverrides = {};
  for (const [k, x] of Object.entries(o)) {
    try {
      out[k as ConfigKey] = checkConfigValue(k as ConfigKey, x, `$.config.${k}`, 'PIPELINE_INVALID');
    } catch (e) {
      invalid(ck.file, `$.config.${k}`, (e as Error).message.replace(/^\$\.config\.\w+ /, ''));
    }
  }
  return out;
}

/** Options of `parsePipeline`. */
export interface ParseOptions {
  /** The file it came from (absolute), for errors and history. */
  file?: string;
  /** Folder relative paths resolve against (default: the file's folder, else the working directory). */
  baseDir?: string;
  /** The file's text, for its hash (default: the JSON of `raw`). */
  text?: string;
  env?: NodeJS.ProcessEnv;
}

/** Parses a pipeline from its JSON value. */
export async function parsePipeline(raw: unknown, opts: ParseOptions = {}): Promise<LoadedPipeline> {
  const ck = new Checker(opts.file);
  const baseDir = opts.baseDir ?? (opts.file ? dirname(opts.file) : process.cwd());
  const o = ck.object(raw, '$', PIPELINE_KEYS);
  if (o.version !== undefined && o.version !== 1)
    ck.fail('$.version', `unsupported version ${JSON.stringify(o.version)}; this Sluice reads version 1.`);
  const config = readConfig(ck, o.config);
  const retry = readRetry(
    ck,
    o.retry,
    '$.retry',
    defaultRetry(resolveConfig(config, opts.env ?? process.env).values),
  );
  const spec: PipelineSpec = {
    version: 1,
    name: ck.string(o.name, '$.name'),
    destinations: [],
    phases: [],
    config,
  };
  if (o.source !== undefined) spec.source = readSource(ck, o.source, baseDir);
  if (o.schema !== undefined) spec.schema = await readSchemaRef(ck, o.schema, '$.schema', baseDir);
  if (o.recipe !== undefined) spec.recipe = await readRecipeRef(ck, o.recipe, '$.recipe', baseDir);
  if (o.errorBudget !== undefined) spec.errorBudget = readBudget(ck, o.errorBudget, '$.errorBudget');
  if (o.timezone !== undefined) spec.timezone = readTimezone(ck, o.timezone);
  if (o.destinations !== undefined)
    spec.destinations = ck
      .array(o.destinations, '$.destinations')
      .map((d, i) => readDestination(ck, d, `$.destinations[${i}]`, baseDir));
  const phasesRaw = o.phases === undefined ? defaultPhases(spec) : ck.array(o.phases, '$.phases', 1);
  for (const [i, p] of phasesRaw.entries())
    spec.phases.push(await readPhase(ck, p, `$.phases[${i}]`, baseDir, retry));
  checkWhole(ck, spec);
  const text = opts.text ?? JSON.stringify(raw);
  return {
    spec,
    ...(opts.file ? { file: opts.file } : {}),
    baseDir,
    fileHash: createHash('sha256').update(text).digest('hex'),
    specHash: stableHash(spec),
  };
}

function readTimezone(ck: Checker, v: unknown): string {
  const tz = ck.string(v, '$.timezone');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    ck.fail('$.timezone', `'${tz}' is not a time zone.`, "Use an IANA name such as 'Europe/Paris' or 'UTC'.");
  }
  return tz;
}

/** Without `phases`: extract, then validate / clean / load when the pipeline has a schema / recipe / destinations. */
function defaultPhases(spec: PipelineSpec): string[] {
  return [
    'extract',
    ...(spec.schema ? ['validate'] : []),
    ...(spec.recipe ? ['clean'] : []),
    ...(spec.destinations.length ? ['load'] : []),
  ];
}

/** Rules that span keys: unique names, what each phase needs from the pipeline, and what may come first. */
function checkWhole(ck: Checker, spec: PipelineSpec): void {
  const dests = new Set<string>();
  spec.destinations.forEach((d, i) => {
    if (dests.has(d.name)) ck.fail(`$.destinations[${i}].name`, `destination '${d.name}' is named twice.`);
    dests.add(d.name);
  });
  const names = new Set<string>();
  spec.phases.forEach((p: PhaseSpec, i) => {
    const at = `$.phases[${i}]`;
    if (names.has(p.name))
      ck.fail(`${at}.name`, `phase '${p.name}' is named twice.`, 'Give repeated phase types distinct names.');
    names.add(p.name);
    if (p.type === 'extract' && i > 0) ck.fail(at, 'extract must be the first phase.');
    if (i === 0 && p.type !== 'extract' && !(p.type === 'custom' && p.sql))
      ck.fail(at, `a ${p.type} phase needs input; start with extract (or a custom SQL phase).`);
    if (p.type === 'extract' && !spec.source) ck.fail('$.source', 'is required by the extract phase.');
    if (p.type === 'validate' && !p.schema && !spec.schema)
      ck.fail('$.schema', `is required by phase '${p.name}'.`);
    if (p.type === 'clean' && p.recipe === undefined && spec.recipe === undefined)
      ck.fail('$.recipe', `is required by phase '${p.name}'.`);
    if (p.type === 'load') {
      if (spec.destinations.length === 0)
        ck.fail('$.destinations', `phase '${p.name}' needs at least one destination.`);
      p.destinations?.forEach((d, j) => {
        if (!dests.has(d)) ck.fail(`${at}.destinations[${j}]`, `no destination named '${d}'.`);
      });
    }
  });
}

/** Reads and parses a pipeline file. */
export async function loadPipeline(path: string, env?: NodeJS.ProcessEnv): Promise<LoadedPipeline> {
  const file = resolve(path);
  const { text, value } = await readJsonFile(file, 'PIPELINE_INVALID');
  return parsePipeline(value, { file, text, ...(env ? { env } : {}) });
}
