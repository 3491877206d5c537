// Regenerates the bundled example (examples/orders/): `node dist/scripts/make-example.js`.
// The output is committed, so a user has it without running anything; this script documents where it came from.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOrders } from './data/orders.js';

const dir = join(process.cwd(), 'examples', 'orders');
mkdirSync(dir, { recursive: true });
const chunks: string[] = [];
const counts = generateOrders(10_000, (c) => chunks.push(c), { seed: 7 });
writeFileSync(join(dir, 'orders.csv'), chunks.join(''));
writeFileSync(join(dir, 'defects.json'), `${JSON.stringify(counts, null, 2)}\n`);
console.log(`examples/orders/orders.csv: 10,000 rows; injected defects: ${JSON.stringify(counts)}`);
