// The engine's dependencies in a Node host (CLI, web mode, Electron main, benchmarks): the one place they are
// built, so the three composition roots cannot drift apart. Each domain adds its line here (pool, PostgreSQL,
// embedder) and releases what it built in `dispose`, which the engine calls from close().

import type { EngineDeps } from '../engine/context.js';
import type { TaskPool } from '../pipeline/task-pool.js';
import { sluiceHome } from '../project/paths.js';
import { createSyncDeps } from '../engine/sync-deps.js';
import { openDuckDb } from './duckdb.js';

function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  const n = v === undefined ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** What only a host can build (core never imports piscina): the worker pool, from workers/pool.ts. */
export interface HostBuilt {
  createPool?: () => TaskPool & { close(): Promise<void> };
}

/** The dependencies of an engine running in this Node process; `overrides` wins (e.g. a host's logger). */
export function hostDeps(
  { createPool, ...overrides }: Partial<EngineDeps> & HostBuilt = {},
  env: NodeJS.ProcessEnv = process.env,
): EngineDeps {
  const disposers: Array<() => Promise<void>> = [];
  const sync = createSyncDeps({ appDir: sluiceHome(env), env });
  disposers.push(() => sync.close());
  return {
    ...(createPool ? { pool: lazily(createPool, disposers) } : {}),
    openDb: openDuckDb,
    sync,
    duckdb: {
      threads: envInt(env, 'SLUICE_THREADS'),
      memoryLimitMb: envInt(env, 'SLUICE_MEMORY_LIMIT_MB'),
      compressText: env.SLUICE_COMPRESS_TEXT === '1',
    },
    env,
    async dispose() {
      await Promise.allSettled(disposers.map((d) => d()));
    },
    ...overrides,
  };
}

/** Builds a closable thing on first use only (a CLI command that runs no pipeline never starts threads). */
function lazily<T extends { close(): Promise<void> }>(
  make: () => T,
  disposers: Array<() => Promise<void>>,
): () => T {
  let made: T | undefined;
  disposers.push(async () => made?.close());
  return () => (made ??= make());
}
