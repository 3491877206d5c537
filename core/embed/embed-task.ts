// What a worker thread runs to embed texts: plain data in, plain data out (the vectors are one Float32Array the
// pool can transfer). A worker keeps its loaded models between tasks, keyed by their spec. The piscina task file
// (workers/) is then: `const run = createEmbedTaskHandler(); export default (input) => run(input);`.

import {
  loadEmbedder,
  type BatchEmbedding,
  type Embedder,
  type EmbedderInfo,
  type EmbedderSpec,
} from './embedder.js';

/** A task: which model (loaded once per worker) and the texts; no texts = just describe the model. */
export interface EmbedTaskInput {
  spec: EmbedderSpec;
  texts: string[];
}

/** A task's answer. */
export interface EmbedTaskOutput {
  info: EmbedderInfo;
  warnings: string[];
  result: BatchEmbedding;
}

/** A handler with its own cache of loaded models; `close` releases them (worker shutdown, tests). */
export function createEmbedTaskHandler(): ((input: EmbedTaskInput) => Promise<EmbedTaskOutput>) & {
  close(): Promise<void>;
} {
  const loaded = new Map<string, Promise<Embedder>>();
  const handler = async ({ spec, texts }: EmbedTaskInput): Promise<EmbedTaskOutput> => {
    const key = JSON.stringify(spec, Object.keys(spec).sort());
    let e = loaded.get(key);
    if (!e) {
      e = loadEmbedder(spec);
      loaded.set(key, e);
      e.catch(() => loaded.delete(key)); // a failed load is retried by the next task
    }
    const embedder = await e;
    const result = await embedder.embed(texts);
    return { info: embedder.info, warnings: embedder.warnings, result };
  };
  return Object.assign(handler, {
    async close() {
      const all = [...loaded.values()];
      loaded.clear();
      await Promise.all(all.map(async (p) => (await p.catch(() => undefined))?.close()));
    },
  });
}

// One handler per thread (each worker thread has its own module instance): the thread's loaded models live as
// long as the thread, which is the point of keeping a model warm between tasks.
let threadHandler: ReturnType<typeof createEmbedTaskHandler> | undefined;

/** The `embed` task of the worker registry (core/pipeline/tasks.ts): this thread's handler, created on first use. */
export function runEmbedTask(payload: unknown): Promise<EmbedTaskOutput> {
  threadHandler ??= createEmbedTaskHandler();
  return threadHandler(payload as EmbedTaskInput);
}
