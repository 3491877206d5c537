// Bench child: time to the first 200 parsed rows of a file in a cold process (detect + preview).

import { detectFile } from '../../core/csv/detect.js';
import { previewFile } from '../../core/csv/preview.js';
import { maxRssMb } from './measure.js';

const [file] = process.argv.slice(2) as [string];
const t0 = performance.now();
const detection = await detectFile(file);
const preview = await previewFile(file, detection, { rows: 200 });
const ms = performance.now() - t0;
console.log(JSON.stringify({ rows: preview.rows.length, ms, maxRssMb: maxRssMb() }));
