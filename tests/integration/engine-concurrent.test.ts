// What the UI does right after an import: profile, schema, suggestions and a validation asked for at once, on
// a DuckDB kept at a small memory limit. They share one profile and one first schema, take turns in the heavy
// lane, and every call answers (suggestions before any validation may say there is nothing to fix yet).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import type { Result } from '../../core/contract/result.js';
import { createEngine, type Engine } from '../../core/engine/index.js';

let dir: string;
let engine: Engine;
const example = join(import.meta.dirname, '../../examples/orders/orders.csv');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sluice-concurrent-'));
  engine = createEngine({
    openDb: (path, opts) => openDuckDb(path, { ...opts, memoryLimitMb: 128, threads: 2 }),
    env: { SLUICE_HOME: join(dir, 'home') },
  });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const failure = (r: Result<unknown>) => (r.ok ? null : `${r.error.code}: ${r.error.message}`);

describe('engine: concurrent analysis of one dataset', () => {
  it('answers profile, schema, suggestions and validation asked for together', async () => {
    const opened = await engine['datasets.open']({ path: example, projectDir: join(dir, 'p') });
    if (!opened.ok) throw new Error(opened.error.message);
    const datasetId = opened.value.datasetId;
    await engine['datasets.waitForImport']({ datasetId });
    const all = () =>
      Promise.all([
        engine['profile.get']({ datasetId }),
        engine['schema.get']({ datasetId }),
        engine['schema.get']({ datasetId }),
        engine['suggestions.list']({ datasetId }),
        engine['validation.run']({ datasetId }),
        engine['datasets.rows']({ datasetId, offset: 100, limit: 50 }),
      ]);
    const [profile, schema1, schema2, suggestions, validation, rows] = await all();
    expect([profile, schema1, schema2, validation, rows].map(failure)).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(schema1.ok && schema2.ok && schema1.value).toEqual(schema2.ok && schema2.value);
    if (!suggestions.ok) expect(suggestions.error.message).toMatch(/no findings/i);
    // Once validated, a second burst must all succeed, suggestions included (while a validation swaps findings).
    const again = await all();
    expect(again.map(failure)).toEqual([null, null, null, null, null, null]);
    const s = again[3];
    expect(s.ok && s.value.length).toBeGreaterThan(0);
  });
});
