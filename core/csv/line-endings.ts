// Which line breaks end records. Breaks inside quoted fields do not count: Excel writes CRLF between records
// and LF inside cells, and that file is CRLF, not mixed.

import type { Dialect, LineEnding } from '../contract/datasets.js';

/** Enough text to see every line-break style a file uses; a char-by-char scan of more is wasted time. */
const MAX_SCAN = 64 * 1024;

/**
 * The record terminators of `text` (lf when it has none), looking at its first 64 Ki characters; `truncated`
 * ignores a CR cut from its LF.
 */
export function detectLineEnding(
  text: string,
  dialect: Pick<Dialect, 'delimiter' | 'quote' | 'escape'>,
  truncated = false,
): LineEnding {
  const { delimiter, quote, escape } = dialect;
  const cut = truncated || text.length > MAX_SCAN;
  const scanned = text.length > MAX_SCAN ? text.slice(0, MAX_SCAN) : text;
  const end = cut && scanned.endsWith('\r') ? scanned.length - 1 : scanned.length;
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  let inQuote = false;
  let fieldStart = true;
  for (let i = 0; i < end; i++) {
    const ch = scanned[i];
    if (inQuote) {
      if (escape !== null && escape !== quote && ch === escape) i++;
      else if (ch === quote) {
        if (escape === quote && scanned[i + 1] === quote) i++;
        else inQuote = false;
      }
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      if (ch === '\n') lf++;
      else if (scanned[i + 1] === '\n' && i + 1 < end) {
        crlf++;
        i++;
      } else cr++;
      fieldStart = true;
    } else if (ch === delimiter) fieldStart = true;
    else {
      // Only a quote that opens a field starts a quoted field (relaxed quotes, as the parser reads them).
      if (ch === quote && fieldStart) inQuote = true;
      fieldStart = false;
    }
  }
  const kinds = (lf > 0 ? 1 : 0) + (crlf > 0 ? 1 : 0) + (cr > 0 ? 1 : 0);
  if (kinds > 1) return 'mixed';
  return crlf > 0 ? 'crlf' : cr > 0 ? 'cr' : 'lf';
}
