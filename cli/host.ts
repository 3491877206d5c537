// The CLI's composition root: builds the engine's dependencies, runs one command, always closes.

import { hostDeps } from '../core/adapters/host-deps.js';
import type { AppApi, RequestOf, ValueOf } from '../core/contract/api.js';
import { deserializeError } from '../core/contract/errors.js';
import { createEngine, type Engine } from '../core/engine/index.js';
import { createWorkerPool } from '../workers/pool.js';
import { attachProgress } from './output/progress.js';

/** Calls a contract method and returns its value, throwing the AppError when it failed. */
export async function call<M extends keyof AppApi>(
  engine: Engine,
  method: M,
  req: RequestOf<M>,
): Promise<ValueOf<M>> {
  const fn = engine[method] as (
    r: RequestOf<M>,
  ) => Promise<{ ok: true; value: ValueOf<M> } | { ok: false; error: never }>;
  const res = await fn(req);
  if (!res.ok) throw deserializeError(res.error);
  return res.value;
}

/** Runs `fn` with a fresh engine (progress on stderr when it is a terminal), then closes the engine. */
export async function withEngine<T>(
  fn: (engine: Engine) => Promise<T>,
  opts: { quiet?: boolean } = {},
): Promise<T> {
  const engine = createEngine(hostDeps({ createPool: createWorkerPool }));
  const detach = opts.quiet ? () => {} : attachProgress(engine, process.stderr);
  // Ctrl-C cancels running jobs cleanly (no half tables), then the command fails with CANCELLED.
  const onSigint = () => void engine.close();
  process.once('SIGINT', onSigint);
  try {
    return await fn(engine);
  } finally {
    process.off('SIGINT', onSigint);
    detach();
    await engine.close();
  }
}
