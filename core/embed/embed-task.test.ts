import { afterAll, describe, expect, it } from 'vitest';
import { createEmbedTaskHandler } from './embed-task.js';

const run = createEmbedTaskHandler();
afterAll(() => run.close());

describe('embed task (what a worker thread runs)', () => {
  it('describes the model for an empty task and embeds texts with plain, cloneable data', async () => {
    const described = await run({ spec: {}, texts: [] });
    expect(described.info.dimension).toBe(384);
    expect(described.result.count).toBe(0);
    const out = await run({ spec: { batchSize: 2 }, texts: ['red chair', 'Red chair!', 'blue lamp'] });
    // Crossing a thread boundary is a structured clone: nothing may be lost.
    const copy = structuredClone(out);
    expect(copy.result.vectors).toEqual(out.result.vectors);
    expect(copy.result.vectors.length).toBe(3 * 384);
    expect(copy.info).toEqual(out.info);
  });

  it('reuses a loaded model for the same spec whatever the key order', async () => {
    const a = await run({ spec: { batchSize: 4, threads: 1 }, texts: ['x'] });
    const b = await run({ spec: { threads: 1, batchSize: 4 }, texts: ['x'] });
    expect(b.info).toBe(a.info);
  });

  it('rejects an unknown model, and loads it again on a later task', async () => {
    await expect(run({ spec: { model: 'missing-model' }, texts: ['x'] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(run({ spec: { model: 'missing-model' }, texts: ['x'] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
