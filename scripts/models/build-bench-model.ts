// Builds the benchmark's BERT-shaped model (6 layers, hidden 384, random seeded weights) into a folder:
//   node dist/scripts/models/build-bench-model.js [dir]     (default: <os tmpdir>/sluice-bench-bert-384)

import { writeBenchBertFolder } from './bench-bert.js';

const dir = await writeBenchBertFolder(process.argv[2]);
console.log(`wrote ${dir}`);
