// Bench child: Sluice's own path over a file — open (detect + preview), import, validate against a schema —
// through the engine, exactly as the CLI does it. Prints timings and peak RSS as JSON.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostDeps } from '../../core/adapters/host-deps.js';
import { createEngine } from '../../core/engine/index.js';
import { call } from '../../cli/host.js';
import { maxRssMb } from './measure.js';

const [file, schemaPath] = process.argv.slice(2) as [string, string];
const project = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
// The same dependencies as the CLI (SLUICE_MEMORY_LIMIT_MB, SLUICE_THREADS apply).
const engine = createEngine(hostDeps());
try {
  const t0 = performance.now();
  const info = await call(engine, 'datasets.open', { path: file, projectDir: project });
  const tOpen = performance.now();
  const imported = await call(engine, 'datasets.waitForImport', { datasetId: info.datasetId });
  const tImport = performance.now();
  await call(engine, 'schema.set', {
    datasetId: info.datasetId,
    schema: JSON.parse(readFileSync(schemaPath, 'utf8')),
  });
  const v = await call(engine, 'validation.run', { datasetId: info.datasetId });
  const tValidate = performance.now();
  console.log(
    JSON.stringify({
      rows: imported.rowsImported,
      rejected: imported.linesRejected,
      findings: v.total,
      openMs: tOpen - t0,
      importMs: tImport - t0,
      validateMs: tValidate - tImport,
      totalMs: tValidate - t0,
      maxRssMb: maxRssMb(),
    }),
  );
} finally {
  await engine.close();
  rmSync(project, { recursive: true, force: true });
}
