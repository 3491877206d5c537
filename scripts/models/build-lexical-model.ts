// Writes models/lexical-hash-384.onnx and its manifest entry. Run after `npm run build`:
//   node dist/scripts/models/build-lexical-model.js [modelsDir]
// Deterministic: rerunning gives the same bytes, so the committed file and its sha256 never drift. Run
// `npx prettier --write models/manifest.json` afterwards (the project formats JSON with prettier).

import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LEXICAL_DIM, LEXICAL_MAX_FEATURES } from '../../core/embed/lexical-tokenizer.js';
import { buildLexicalModel } from './lexical-model.js';

/** Name of the default model in the manifest. */
export const LEXICAL_MODEL_NAME = 'lexical-hash-384';

async function main(): Promise<void> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  // Works from scripts/models (ts) and from dist/scripts/models (compiled): find the repo's models/ folder.
  const modelsDir = resolve(
    process.argv[2] ?? join(here, here.includes('/dist/') ? '../../..' : '../..', 'models'),
  );
  const bytes = buildLexicalModel();
  const file = `${LEXICAL_MODEL_NAME}.onnx`;
  await writeFile(join(modelsDir, file), bytes);
  const manifestPath = join(modelsDir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8').catch(() => '{"models":{}}'));
  manifest.default ??= LEXICAL_MODEL_NAME;
  manifest.models[LEXICAL_MODEL_NAME] = {
    kind: 'lexical',
    description:
      'Built by scripts/models/build-lexical-model.ts: hashed word unigrams and character 3-grams with a fixed ' +
      'seeded projection. Finds near-duplicates and texts sharing vocabulary; it does not understand meaning.',
    files: [{ path: file, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length }],
    tokenizer: 'sluice-lexical-v1',
    inputs: ['bucket_ids', 'weights'],
    outputs: ['sentence_embedding'],
    dimension: LEXICAL_DIM,
    pooling: 'weighted-sum',
    normalized: true,
    maxSequenceLength: LEXICAL_MAX_FEATURES,
    licence: 'MIT (part of Sluice; no third-party weights)',
  };
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`wrote ${join(modelsDir, file)} (${bytes.length} bytes)`);
}

await main();
