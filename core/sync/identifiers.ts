// PostgreSQL identifiers for names that come from CSV headers: anything can appear (quotes, semicolons, unicode,
// 100+ characters). Names are always quoted (core/sql/quote.ts); here they are made to fit PostgreSQL's 63-byte
// limit deterministically (the same header always gives the same column) and without collisions (a hash of the
// full name is kept when a name is cut), instead of letting the server truncate silently.

import { createHash } from 'node:crypto';
import { quoteIdent } from '../sql/quote.js';

/** PostgreSQL's identifier limit in bytes (NAMEDATALEN - 1). */
export const PG_MAX_IDENT_BYTES = 63;

function hash8(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 8);
}

/** The longest prefix of `text` (whole code points) that fits in `maxBytes` of UTF-8. */
export function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let out = '';
  for (const ch of text) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > maxBytes) break;
    bytes += n;
    out += ch;
  }
  return out;
}

/** A name PostgreSQL keeps as is: NUL removed (it cannot appear), cut to 63 bytes with a hash suffix. */
export function pgName(name: string, salt = ''): string {
  const clean = name.replaceAll('\u0000', '');
  if (salt === '' && clean === name && clean !== '' && Buffer.byteLength(clean) <= PG_MAX_IDENT_BYTES)
    return clean;
  const suffix = `_${hash8(name + salt)}`;
  return truncateUtf8(clean, PG_MAX_IDENT_BYTES - suffix.length) + suffix;
}

/** PostgreSQL's system columns: a user column cannot take these names. */
const SYSTEM_COLUMNS = ['tableoid', 'cmax', 'xmax', 'cmin', 'xmin', 'ctid'];

/** `pgName` for a list of column names, with collisions (also with system columns) re-hashed so all are valid and distinct. */
export function uniquePgNames(names: readonly string[]): string[] {
  const taken = new Set<string>(SYSTEM_COLUMNS);
  return names.map((name) => {
    let out = pgName(name);
    for (let k = 1; taken.has(out); k++) out = pgName(name, `#${k}`);
    taken.add(out);
    return out;
  });
}

/** `"schema"."table"`, both quoted. */
export function qualify(dbSchema: string, table: string): string {
  return `${quoteIdent(dbSchema)}.${quoteIdent(table)}`;
}

/** A derived table name (`<base>__<tag>`) that still fits, e.g. the table a replace loads into. */
export function derivedName(base: string, tag: string): string {
  const full = `${base}__${tag}`;
  return Buffer.byteLength(full) <= PG_MAX_IDENT_BYTES ? full : pgName(full);
}
