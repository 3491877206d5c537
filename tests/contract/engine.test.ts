import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import { createEngine } from '../../core/engine/index.js';
import { contractSuite } from './contract-suite.js';

// The engine itself, in process, over real files in a temporary folder.
contractSuite('engine (in process)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-contract-'));
  const engine = createEngine({ openDb: openDuckDb });
  return {
    bridge: engine,
    missingPath: join(dir, 'missing.csv'),
    makeFile: async (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    dispose: async () => {
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
