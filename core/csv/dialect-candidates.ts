// Which dialects to try on a sample, and on how much of it. Every candidate is first scored on the first few
// lines; only those that come near the best are scored again on the full window. A wrong delimiter makes
// csv-parse build an error object for nearly every record (even with relax_column_count), which dominates the
// cost of detection, so the screening keeps detection fast on a cold start.

import type { Dialect, OpenOverrides } from '../contract/datasets.js';
import { DELIMITERS, scoreDialect, type ScoredDialect } from './dialect-score.js';

// The window: the first MAX_LINES lines, at most WINDOW characters unless those hold fewer than MIN_LINES.
const MAX_LINES = 200;
const MIN_LINES = 10;
const WINDOW = 32 * 1024;
const SCREEN_LINES = 25;
/** Candidates scoring at least this share of the best screening score get the full window. */
const CONTENDER = 0.5;

/** Scores every candidate dialect on `sample` (the start of a longer file when `truncated`). */
export function scoreCandidates(
  sample: string,
  truncated: boolean,
  overrides: OpenOverrides,
): ScoredDialect[] {
  const window = firstLines(sample, MAX_LINES, truncated);
  const screen = firstLines(window, SCREEN_LINES, window.length < sample.length || truncated);
  const combos: ScoredDialect['dialect'][] = [];
  for (const delimiter of DELIMITERS) {
    // A delimiter absent from the sample reads it as one column whatever the quoting: one parse is enough.
    const present = window.includes(delimiter);
    for (const quote of quoteOptions(window, overrides).slice(0, present ? undefined : 1)) {
      for (const escape of escapeOptions(window, quote, overrides).slice(0, present ? undefined : 1)) {
        combos.push({ delimiter, quote, escape });
      }
    }
  }
  const windowCut = window.length < sample.length || truncated;
  if (screen.length === window.length) return combos.map((c) => scoreDialect(window, c, windowCut));
  const screened = combos.map((c) => scoreDialect(screen, c, true));
  const top = Math.max(...screened.map((s) => s.score));
  return screened.map((s) => (s.score >= top * CONTENDER ? scoreDialect(window, s.dialect, windowCut) : s));
}

/** The text up to its `n`th line break (or WINDOW characters, see above); a cut text loses its partial last line. */
function firstLines(text: string, n: number, truncated: boolean): string {
  const breaks = /\r\n|\r|\n/g;
  for (let count = 1; breaks.exec(text); count++) {
    const at = breaks.lastIndex;
    if (count >= n || (at > WINDOW && count >= MIN_LINES)) return at < text.length ? text.slice(0, at) : text;
  }
  if (!truncated) return text;
  const cut = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
  return cut > 0 ? text.slice(0, cut + 1) : text;
}

function quoteOptions(text: string, o: OpenOverrides): Dialect['quote'][] {
  if (o.quote !== undefined) return [o.quote];
  const opts: Dialect['quote'][] = ['"'];
  if (text.includes('"')) opts.push(null);
  if (text.includes("'")) opts.push("'");
  return opts;
}

function escapeOptions(text: string, quote: Dialect['quote'], o: OpenOverrides): Dialect['escape'][] {
  if (o.escape !== undefined) return [o.escape];
  if (quote === null) return [null];
  return text.includes(`\\${quote}`) ? [quote, '\\'] : [quote];
}
