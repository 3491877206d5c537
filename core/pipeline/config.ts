// Every tunable of the runner in one table: its name in a pipeline file's `config`, its environment
// variable, its default and what it does (the README lists this table). Precedence: default < pipeline file
// < environment, so an operator can override a checked-in pipeline without editing it.

import { availableParallelism } from 'node:os';
import { DEFAULT_MEMORY_LIMIT_MB } from '../adapters/duckdb-settings.js';
import { AppError } from '../contract/errors.js';

/** One tunable. */
export interface ConfigEntry {
  env: string;
  /** The default; a function when it depends on the machine. */
  default: number | ((cores: number) => number);
  /** Human text for the default (README). */
  defaultText: string;
  min: number;
  description: string;
}

/** The table of tunables. */
export const CONFIG_TABLE = {
  chunkRows: {
    env: 'SLUICE_CHUNK_ROWS',
    default: 100_000,
    defaultText: '100000',
    min: 1,
    description:
      'Rows per chunk for phases that work in chunks (custom JS phases); each chunk commits a checkpoint.',
  },
  threads: {
    env: 'SLUICE_THREADS',
    default: (cores: number) => Math.max(1, cores - 1),
    defaultText: 'cores - 1 (at least 1)',
    min: 1,
    description: 'Worker threads of the task pool (and DuckDB threads where the host applies it).',
  },
  memoryLimitMb: {
    env: 'SLUICE_MEMORY_LIMIT_MB',
    default: DEFAULT_MEMORY_LIMIT_MB,
    defaultText: String(DEFAULT_MEMORY_LIMIT_MB),
    min: 64,
    description:
      'DuckDB memory limit before it spills to disk, applied by the host when it opens the project.',
  },
  retentionDays: {
    env: 'SLUICE_RETENTION_DAYS',
    default: 14,
    defaultText: '14',
    min: 0,
    description:
      "Days a finished run's stages and checkpoints are kept (0: forever). Resumable runs are never purged.",
  },
  retentionKeepRuns: {
    env: 'SLUICE_RETENTION_KEEP_RUNS',
    default: 3,
    defaultText: '3',
    min: 0,
    description: 'The most recent finished runs kept whatever their age.',
  },
  retryAttempts: {
    env: 'SLUICE_RETRY_ATTEMPTS',
    default: 3,
    defaultText: '3',
    min: 1,
    description: "Default tries of a phase on a transient error (a phase's `retry` overrides it).",
  },
  retryBaseMs: {
    env: 'SLUICE_RETRY_BASE_MS',
    default: 500,
    defaultText: '500',
    min: 0,
    description: 'Default first retry delay in ms; it doubles on each try, with jitter.',
  },
  retryMaxMs: {
    env: 'SLUICE_RETRY_MAX_MS',
    default: 30_000,
    defaultText: '30000',
    min: 0,
    description: 'Default longest retry delay in ms.',
  },
  watchStableMs: {
    env: 'SLUICE_WATCH_STABLE_MS',
    default: 2000,
    defaultText: '2000',
    min: 0,
    description:
      'Watch: a new file is run once its size and mtime stayed unchanged this long (half-written files wait).',
  },
  watchPollMs: {
    env: 'SLUICE_WATCH_POLL_MS',
    default: 1000,
    defaultText: '1000',
    min: 10,
    description: 'Watch: how often the folder is scanned.',
  },
} as const satisfies Record<string, ConfigEntry>;

/** A tunable's name. */
export type ConfigKey = keyof typeof CONFIG_TABLE;
/** Resolved values of every tunable. */
export type ConfigValues = Record<ConfigKey, number>;
/** Values a pipeline file sets. */
export type ConfigOverrides = Partial<ConfigValues>;
/** Where each resolved value came from. */
export type ConfigSources = Record<ConfigKey, 'default' | 'pipeline' | 'env'>;

/** The names of the tunables. */
export const CONFIG_KEYS = Object.keys(CONFIG_TABLE) as ConfigKey[];

/** Checks one value against its entry; `where` names it in the error (a JSON path or a variable). */
export function checkConfigValue(
  key: ConfigKey,
  value: unknown,
  where: string,
  code: 'PIPELINE_INVALID' | 'BAD_USAGE',
): number {
  const entry: ConfigEntry = CONFIG_TABLE[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < entry.min)
    throw new AppError(code, `${where} must be an integer ≥ ${entry.min}, got ${JSON.stringify(value)}.`, {
      hint: `${entry.description} Default: ${entry.defaultText}.`,
    });
  return value;
}

/** Resolves every tunable: defaults, then the pipeline file's values, then environment variables. */
export function resolveConfig(
  fromPipeline: ConfigOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
  cores: number = availableParallelism(),
): { values: ConfigValues; sources: ConfigSources } {
  const values = {} as ConfigValues;
  const sources = {} as ConfigSources;
  for (const key of CONFIG_KEYS) {
    const entry: ConfigEntry = CONFIG_TABLE[key];
    const raw = env[entry.env];
    if (raw !== undefined && raw.trim() !== '') {
      const n = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
      values[key] = checkConfigValue(key, Number.isNaN(n) ? raw : n, entry.env, 'BAD_USAGE');
      sources[key] = 'env';
    } else if (fromPipeline[key] !== undefined) {
      values[key] = fromPipeline[key];
      sources[key] = 'pipeline';
    } else {
      values[key] = typeof entry.default === 'function' ? entry.default(cores) : entry.default;
      sources[key] = 'default';
    }
  }
  return { values, sources };
}

/** The table as README rows: variable, pipeline key, default, description. */
export function configDocs(): { env: string; key: ConfigKey; default: string; description: string }[] {
  return CONFIG_KEYS.map((key) => {
    const e: ConfigEntry = CONFIG_TABLE[key];
    return { env: e.env, key, default: e.defaultText, description: e.description };
  });
}
