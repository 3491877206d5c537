// Embeddings are of the data as fixed so far: after a recipe step, embed.run reads the current stage and
// embed.similar shows its texts, not the imported ones.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import { createEngine } from '../../core/engine/index.js';
import { value } from '../contract/contract-suite.js';

const dir = mkdtempSync(join(tmpdir(), 'sluice-embed-stage-'));
const engine = createEngine({ openDb: openDuckDb, env: { ...process.env, SLUICE_HOME: dir } });
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

it('embeds the current recipe stage and answers with its texts', async () => {
  const file = join(dir, 'notes.csv');
  writeFileSync(file, 'id,note\n1,red shirt\n2,blue jeans\n3,Red Shirt\n');
  const { datasetId } = value(await engine['datasets.open']({ path: file, projectDir: join(dir, 'p') }));
  value(await engine['datasets.waitForImport']({ datasetId }));
  const before = value(await engine['embed.run']({ datasetId, column: 'note' }));
  expect(before.rowsEmbedded).toBe(3);
  value(
    await engine['recipe.apply']({ datasetId, op: { op: 'changeCase', columns: ['note'], case: 'upper' } }),
  );
  // Two rows' texts changed ('red shirt', 'blue jeans'); 'Red Shirt' upper-cased equals the first one.
  const run = value(await engine['embed.run']({ datasetId, column: 'note' }));
  expect(run.rows).toBe(3);
  expect(run.rowsAlreadyDone).toBe(0);
  expect(run.rowsEmbedded + run.rowsFromCache).toBe(3);
  expect(run.textsEmbedded).toBe(2);
  const sim = value(await engine['embed.similar']({ datasetId, column: 'note', line: 2, k: 2 }));
  expect(sim.query.text).toBe('RED SHIRT');
  // Lines 2 and 4 hold the same text once upper-cased: a perfect match.
  expect(sim.rows[0]).toMatchObject({ line: 4, text: 'RED SHIRT' });
  expect(sim.rows[0]?.score).toBeCloseTo(1, 5);
});
