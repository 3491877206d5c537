// Splits one record's text into fields with the same rules DuckDB's strict CSV parser uses, so the header
// names and the column count we give DuckDB match what it finds in the data lines: one space before an opening
// quote and any after a closing quote are dropped, `"a" "b"` glues to `a b` (doubled-quote style only), a quote inside an unquoted field is a
// literal, an unquoted empty field is null and a quoted empty field is ''.

/** Dialect characters as strings (null: none). */
export interface SplitDialect {
  delimiter: string;
  quote: string | null;
  escape: string | null;
}

/** Fields of a record; ok is false when a quote is misplaced or never closed (fields are then best effort). */
export interface SplitResult {
  fields: (string | null)[];
  ok: boolean;
  /** 0-based index of the first quoting problem: text after a closing quote, or an opening quote never closed. */
  errorAt?: number;
}

/** Splits a single record (no record terminator at its end). */
export function splitRecord(text: string, d: SplitDialect): SplitResult {
  const { delimiter: D, quote: Q, escape: E } = d;
  const fields: (string | null)[] = [];
  let ok = true;
  let errorAt: number | undefined;
  let i = 0;
  const n = text.length;
  for (;;) {
    // At most one space may precede an opening quote (DuckDB reads `  "a"` as the text `  "a"`).
    const spaces = text[i] === ' ' ? 1 : 0;
    if (Q !== null && text[i + spaces] === Q) {
      let value = '';
      const opened = i + spaces;
      i += spaces + 1;
      for (;;) {
        // Inside quotes.
        let closed = false;
        while (i < n) {
          const c = text[i]!;
          if (E !== null && E !== Q && c === E && i + 1 < n) {
            value += text[i + 1];
            i += 2;
          } else if (c === Q) {
            if (E === Q && text[i + 1] === Q) {
              value += Q;
              i += 2;
            } else {
              i++;
              closed = true;
              break;
            }
          } else {
            value += c;
            i++;
          }
        }
        if (!closed) return { fields: [...fields, value], ok: false, errorAt: errorAt ?? opened };
        let after = 0;
        while (text[i + after] === ' ') after++;
        if (after > 0 && text[i + after] === Q && E === Q) {
          value += ' '.repeat(after);
          i += after + 1;
          continue;
        }
        i += after;
        break;
      }
      let rest = '';
      if (i < n && text[i] !== D && errorAt === undefined) errorAt = i;
      while (i < n && text[i] !== D) rest += text[i++];
      if (rest !== '') ok = false;
      fields.push(value + rest);
    } else {
      const j = text.indexOf(D, i);
      const value = text.slice(i, j < 0 ? n : j);
      fields.push(value === '' ? null : value);
      i = j < 0 ? n : j;
    }
    if (i >= n) return errorAt === undefined ? { fields, ok } : { fields, ok, errorAt };
    i += D.length;
    if (i >= n)
      return errorAt === undefined
        ? { fields: [...fields, null], ok }
        : { fields: [...fields, null], ok, errorAt };
  }
}
