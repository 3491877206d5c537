// Detects how a CSV sample is written: every candidate dialect is parsed and scored (dialect-score.ts), the
// best wins, and each choice gets a confidence from how far it stands above the alternatives. A user's
// override wins and is certain.

import type { Dialect, OpenOverrides } from '../contract/datasets.js';
import { detectHeader } from './detect-header.js';
import { scoreCandidates } from './dialect-candidates.js';
import { DELIMITERS, type ScoredDialect } from './dialect-score.js';
import { detectLineEnding } from './line-endings.js';

/** What detectDialect found. */
export interface DialectDetection {
  dialect: Dialect;
  /** The least sure of the parts below (0..1). */
  confidence: number;
  /** Every delimiter with the score of its best reading, best first. */
  candidates: { delimiter: Dialect['delimiter']; score: number }[];
  /** Confidence of each choice; 1 where overridden. */
  parts: { delimiter: number; quote: number; header: number };
}

/** Options of detectDialect. */
export interface DetectDialectOptions {
  /** The text is the start of a longer file: its last line may be cut and is left out. */
  truncated?: boolean;
}

/** Detects delimiter, quote, escape, header and line endings of `text`. */
export function detectDialect(
  text: string,
  overrides: OpenOverrides = {},
  opts: DetectDialectOptions = {},
): DialectDetection {
  const sample = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const truncated = opts.truncated ?? false;
  const scored = scoreCandidates(sample, truncated, overrides);
  // Strictly better only: on a tie the earlier (preferred) candidate stays, so "," beats ";" and '"' beats "'".
  const pickBest = (list: ScoredDialect[]) => list.reduce((a, b) => (b.score > a.score ? b : a));
  const bestPer = DELIMITERS.map((d) => pickBest(scored.filter((s) => s.dialect.delimiter === d)));
  const allowed = scored.filter((s) => !overrides.delimiter || s.dialect.delimiter === overrides.delimiter);
  const best = pickBest(allowed);

  const header = overrides.header !== undefined ? null : detectHeader(best.records);
  const dialect: Dialect = {
    ...best.dialect,
    header: overrides.header ?? header!.header,
    lineEnding: detectLineEnding(sample, best.dialect, truncated),
  };
  const parts = {
    delimiter: overrides.delimiter ? 1 : delimiterConfidence(best, bestPer),
    quote:
      overrides.quote !== undefined && overrides.escape !== undefined ? 1 : quoteConfidence(best, scored),
    header: header ? header.confidence : 1,
  };
  const candidates = bestPer
    .map((s) => ({ delimiter: s.dialect.delimiter, score: round(s.score) }))
    .sort((a, b) => b.score - a.score);
  return { dialect, confidence: Math.min(parts.delimiter, parts.quote, parts.header), candidates, parts };
}

/** How well the best delimiter reads the sample, how far above the next one, and on how many records. */
function delimiterConfidence(best: ScoredDialect, bestPer: ScoredDialect[]): number {
  // Another delimiter that also reads every record as one field is the same reading, not a rival.
  const rivals = bestPer.filter(
    (s) => s.dialect.delimiter !== best.dialect.delimiter && !(s.fields === 1 && best.fields === 1),
  );
  const second = Math.max(0, ...rivals.map((s) => s.score));
  const separation = best.score > 0 ? 1 - second / best.score : 0;
  const evidence = 1 - 0.5 ** best.records.length;
  return round(Math.min(0.99, best.consistency * (0.6 + 0.4 * separation) * evidence));
}

/** How far the chosen quote and escape stand above others that read the sample differently. */
function quoteConfidence(best: ScoredDialect, scored: ScoredDialect[]): number {
  const same = JSON.stringify(best.records);
  const rivals = scored.filter(
    (s) =>
      s.dialect.delimiter === best.dialect.delimiter &&
      (s.dialect.quote !== best.dialect.quote || s.dialect.escape !== best.dialect.escape) &&
      JSON.stringify(s.records) !== same,
  );
  if (rivals.length === 0) return 0.95; // no alternative reads the sample any differently
  const second = Math.max(...rivals.map((s) => s.score));
  return round(Math.min(0.99, best.score > 0 ? 0.6 + 0.4 * (1 - second / best.score) : 0.5));
}

const round = (x: number) => Math.round(x * 1000) / 1000;
