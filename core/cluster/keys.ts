// Key-collision keys as OpenRefine computes them, in DuckDB SQL so they run over a whole column at once.
// fingerprint: trim, lower case, strip accents, drop punctuation and control characters, split on whitespace,
// sort the unique tokens, join with a space ("Shipped " and "shipped" collide).
// n-gram fingerprint: lower case, drop punctuation, whitespace and control characters, strip accents, sort the
// unique n-grams, join them ("shiped" and "shipped" collide at n = 1).

/** Punctuation (ASCII and Unicode) and control characters except tab, which OpenRefine treats as space. */
const PUNCT_CTRL = `'[[:punct:]\\p{P}\\x{00}-\\x{08}\\x{0A}-\\x{1F}\\x{7F}]'`;
/** Punctuation, control characters and whitespace. */
const PUNCT_CTRL_SPACE = `'[[:punct:]\\p{P}\\p{Cc}\\s\\p{Z}]'`;

/** SQL: the fingerprint key of the text `x` ('' when nothing is left). */
export function fingerprintSql(x: string): string {
  const cleaned = `regexp_replace(strip_accents(lower(trim(${x}))), ${PUNCT_CTRL}, '', 'g')`;
  const tokens = `list_filter(regexp_split_to_array(${cleaned}, '[\\s\\p{Z}]+'), lambda w: w <> '')`;
  return `array_to_string(list_sort(list_distinct(${tokens})), ' ')`;
}

/**
 * SQL: the n-gram fingerprint key of `x`. A value shorter than n is its own key, so short values do not all
 * collide on an empty key.
 */
export function ngramSql(x: string, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new Error(`n-gram size must be 1..10, not ${n}`);
  const cleaned = `strip_accents(lower(regexp_replace(${x}, ${PUNCT_CTRL_SPACE}, '', 'g')))`;
  // The one-element list names the cleaned value once (s) instead of repeating the regex.
  const grams = `list_transform(range(1, length(s) - ${n - 1} + 1), lambda i: substr(s, i::INTEGER, ${n}))`;
  return `list_transform([${cleaned}], lambda s: CASE WHEN length(s) < ${n} THEN s ELSE array_to_string(list_sort(list_distinct(${grams})), '') END)[1]`;
}
