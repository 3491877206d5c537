// Hand-made Detection objects for import tests and measurements (no detector needed).

import type { Detection, Dialect, EncodingName } from '../../core/contract/datasets.js';

/** A detection as the detector would return it, with the dialect fields given. */
export function detection(
  dialect: Partial<Dialect> = {},
  encoding: EncodingName = 'utf-8',
  bom = false,
): Detection & { bomLength?: number } {
  return {
    encoding,
    encodingConfidence: 1,
    bom,
    dialect: { delimiter: ',', quote: '"', escape: '"', header: true, lineEnding: 'lf', ...dialect },
    dialectConfidence: 1,
    delimiterCandidates: [],
  };
}
