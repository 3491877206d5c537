// The engine's dependencies in a Node host (CLI, web mode, Electron main, benchmarks): the one place they are
// built, so the three composition roots cannot drift apart. Each domain adds its line here (pool, PostgreSQL,
// embedder) and releases what it built in `dispose`, which the engine calls from close().

import type { EngineDeps } from '../engine/context.js';
import { openDuckDb } from './duckdb.js';

function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The dependencies of an engine running in this Node process; `overrides` wins (e.g. a host's logger). */
export function hostDeps(
  overrides: Partial<EngineDeps> = {},
  env: NodeJS.ProcessEnv = process.env,
): EngineDeps {
  const disposers: Array<() => Promise<void>> = [];
  return {
    openDb: openDuckDb,
    duckdb: {
      threads: envInt(env, 'SLUICE_THREADS'),
      memoryLimitMb: envInt(env, 'SLUICE_MEMORY_LIMIT_MB'),
    },
    env,
    async dispose() {
      await Promise.allSettled(disposers.map((d) => d()));
    },
    ...overrides,
  };
}
