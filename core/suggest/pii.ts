// Columns that look like personal data — e-mail addresses, phone numbers, IBANs (with a valid mod-97
// checksum) — counted over the whole column in DuckDB, with the privacy operations to consider.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { Operation, PiiColumn, PiiKind } from '../contract/recipe.js';
import { tableColumns } from '../recipe/stage-store.js';
import { isMissingSql, trimSql } from '../recipe/sql-text.js';
import { quoteIdent } from '../sql/quote.js';

/** Options of detectPii. */
export interface PiiOptions {
  /** Only these columns (default: every text column). */
  columns?: string[];
  /** Share of non-missing values that must match (default 0.8). */
  minShare?: number;
  /** The secret name hash suggestions refer to (default 'pii'). */
  secret?: string;
}

const EMAIL = `'^[A-Za-z0-9.!#$%&''*+/=?^_\`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\\.[A-Za-z]{2,}$'`;
// Phone numbers: 9 to 15 digits with the usual separators, and not something date-shaped.
const PHONE = `'^\\+?[0-9(][0-9 ().\\-/]{6,22}[0-9]$'`;
const DATE_LIKE = `'^[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4}$'`;

/** SQL: the text is an IBAN with a valid checksum (ISO 13616: rearranged, letters to numbers, mod 97 = 1). */
export function ibanSql(x: string): string {
  const s = `upper(regexp_replace(${x}, '[\\s\\p{Z}]', '', 'g'))`;
  const digits = `list_transform(string_split(substr(s, 5) || left(s, 4), ''), lambda c: CASE WHEN c BETWEEN 'A' AND 'Z' THEN (ascii(c) - 55)::VARCHAR ELSE c END)`;
  const mod = `list_reduce(string_split(array_to_string(${digits}, ''), ''), lambda acc, d: ((acc::INTEGER * 10 + coalesce(TRY_CAST(d AS INTEGER), 0)) % 97)::VARCHAR, '0')`;
  return `coalesce(list_transform([${s}], lambda s: CASE WHEN regexp_full_match(s, '[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}') THEN ${mod} = '1' ELSE false END)[1], false)`;
}

function phoneSql(v: string): string {
  const digits = `length(regexp_replace(${v}, '[^0-9]', '', 'g'))`;
  return `(regexp_full_match(${v}, ${PHONE}) AND ${digits} BETWEEN 9 AND 15 AND NOT regexp_full_match(${v}, ${DATE_LIKE}))`;
}

function suggestionsFor(kind: PiiKind, column: string, secret: string): Operation[] {
  const columns = [column];
  const hash: Operation = { op: 'hash', columns, secret };
  const redact: Operation = { op: 'redact', columns };
  if (kind === 'email')
    return [hash, redact, { op: 'mask', columns, keepFirst: 1, keepLast: 0, maskLength: 6 }];
  return [{ op: 'mask', columns, keepLast: kind === 'iban' ? 4 : 2 }, hash, redact];
}

/** Text columns whose values mostly look like e-mails, phone numbers or IBANs. */
export async function detectPii(
  conn: DuckDBConnection,
  table: string,
  opts: PiiOptions = {},
): Promise<PiiColumn[]> {
  const wanted = opts.columns?.map((c) => c.toLowerCase());
  const cols = (await tableColumns(conn, table)).filter(
    (c) => c.type === 'VARCHAR' && (!wanted || wanted.includes(c.name.toLowerCase())),
  );
  if (cols.length === 0) return [];
  const aggs = cols.flatMap((c, i) => {
    const ref = quoteIdent(c.name);
    const v = trimSql(ref);
    const present = `NOT ${isMissingSql(ref)}`;
    return [
      `count(*) FILTER (WHERE ${present}) AS n${i}`,
      `count(*) FILTER (WHERE ${present} AND regexp_full_match(${v}, ${EMAIL})) AS email${i}`,
      `count(*) FILTER (WHERE ${present} AND ${phoneSql(v)}) AS phone${i}`,
      `count(*) FILTER (WHERE ${present} AND ${ibanSql(v)}) AS iban${i}`,
    ];
  });
  const row =
    (await conn.runAndReadAll(`SELECT ${aggs.join(', ')} FROM ${quoteIdent(table)}`)).getRowObjectsJS()[0] ??
    {};
  const minShare = opts.minShare ?? 0.8;
  const out: PiiColumn[] = [];
  cols.forEach((c, i) => {
    const nonMissing = Number(row[`n${i}`] ?? 0);
    if (nonMissing === 0) return;
    const kinds = (['email', 'phone', 'iban'] as const).map((kind) => ({
      kind,
      matches: Number(row[`${kind}${i}`] ?? 0),
    }));
    const best = kinds.reduce((a, b) => (b.matches > a.matches ? b : a));
    const share = best.matches / nonMissing;
    if (best.matches > 0 && share >= minShare)
      out.push({
        column: c.name,
        kind: best.kind,
        matches: best.matches,
        nonMissing,
        share,
        suggestions: suggestionsFor(best.kind, c.name, opts.secret ?? 'pii'),
      });
  });
  return out;
}
