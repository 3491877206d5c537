// Candidate fixes for a findings group, from the field's type and constraints and the values that fail:
// date formats (several, picked greedily by how many failing values each parses), number locales, boolean
// words, enum look-alikes, case, whitespace, missing-value tokens.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { Operation } from '../contract/recipe.js';
import { fingerprintSql } from '../cluster/keys.js';
import { compileFormat } from '../types/strftime.js';
import { parseWithFormatSql } from '../recipe/ops/parse-date.js';
import { trimSql } from '../recipe/sql-text.js';
import { quoteLiteral } from '../sql/quote.js';
import { groupRowsSql, openSql, type GroupRef } from './effect.js';

const DATE_FORMATS = [
  '%Y-%m-%d',
  '%d/%m/%Y',
  '%m/%d/%Y',
  '%Y/%m/%d',
  '%d.%m.%Y',
  '%d-%m-%Y',
  '%m-%d-%Y',
  '%Y.%m.%d',
  '%Y%m%d',
  '%d/%m/%y',
  '%m/%d/%y',
  '%d.%m.%y',
  '%d %b %Y',
  '%d %B %Y',
  '%b %d %Y',
  '%B %d %Y',
  '%b %d, %Y',
  '%B %d, %Y',
  '%d-%b-%Y',
  '%d-%b-%y',
];
const TIME_SUFFIXES = [
  ' %H:%M:%S',
  ' %H:%M',
  'T%H:%M:%S',
  'T%H:%M',
  ' %I:%M %p',
  ' %H:%M:%S.%f',
  'T%H:%M:%S.%f',
];
const TIME_FORMATS = ['%H:%M', '%H:%M:%S', '%I:%M %p', '%I:%M:%S %p', '%I %p', '%H.%M', '%Hh%M'];

/** Number locales tried: decimal and group separators. */
export const NUMBER_LOCALES = [
  { decimal: '.', group: ',' },
  { decimal: ',', group: '.' },
  { decimal: ',', group: ' ' },
  { decimal: '.', group: ' ' },
  { decimal: '.', group: "'" },
  { decimal: '.', group: '' },
  { decimal: ',', group: '' },
] as const;

const TRUE_WORDS = ['true', 't', 'yes', 'y', 'on', '1', 'oui', 'ja', 'si', 'sí', 'vrai', 'wahr'];
const FALSE_WORDS = ['false', 'f', 'no', 'n', 'off', '0', 'non', 'nein', 'faux', 'falsch'];
const MISSING_TOKENS = [
  'n/a',
  'na',
  '#n/a',
  '-',
  '--',
  'null',
  'none',
  'nil',
  '?',
  'unknown',
  'missing',
  '(blank)',
];

function temporalFormats(type: string): string[] {
  if (type === 'time') return TIME_FORMATS;
  if (type === 'date') return DATE_FORMATS;
  const base = ['%Y-%m-%d', '%d/%m/%Y', '%m/%d/%Y', '%Y/%m/%d', '%d.%m.%Y', '%d-%m-%Y'];
  return [...base.flatMap((d) => TIME_SUFFIXES.map((t) => d + t)), ...DATE_FORMATS];
}

/** Output pattern for a temporal field: its own strftime format, else ISO (midnight for date-only input). */
function outputFor(g: GroupRef): string | undefined {
  const f = g.field.format;
  if (f && f !== 'default' && f !== 'any') return f.startsWith('fmt:') ? f.slice(4) : f;
  if (g.field.type === 'datetime') return '%Y-%m-%dT%H:%M:%S';
  if (g.field.type === 'time') return '%H:%M:%S';
  return undefined;
}

/** Formats that parse the failing values, picked greedily (most new values first, up to three). */
async function pickFormats(conn: DuckDBConnection, g: GroupRef): Promise<string[]> {
  const formats = temporalFormats(g.field.type).map((f) => compileFormat(f));
  const v = trimSql('__sluice_o');
  const open = openSql(g);
  const flags = formats.map((f) => parseWithFormatSql(v, f, '%Y').ok);
  const r = await conn.runAndReadAll(`SELECT [${flags.join(', ')}] AS m, count(*) AS n FROM (
      SELECT *${open.typed ? `, ${open.typed}` : ''} FROM (${groupRowsSql(g)}) WHERE __sluice_g)
    WHERE ${open.fails} AND __sluice_o IS NOT NULL GROUP BY 1`);
  let groups = r
    .getRowObjectsJS()
    .map((x) => ({ m: (x.m as (boolean | null)[]).map((b) => b === true), n: Number(x.n) }));
  const picked: string[] = [];
  for (let round = 0; round < 3; round++) {
    const gain = formats.map((_, i) => groups.reduce((s, grp) => s + (grp.m[i] ? grp.n : 0), 0));
    const best = gain.reduce((b, x, i) => (x > (gain[b] ?? 0) ? i : b), 0);
    if ((gain[best] ?? 0) === 0) break;
    picked.push(formats[best]?.pattern as string);
    groups = groups.filter((grp) => !grp.m[best]);
  }
  return picked;
}

/** Enum values the failing values resemble: same fingerprint, else a unique closest one within a few edits. */
async function enumMapping(
  conn: DuckDBConnection,
  g: GroupRef,
  values: string[],
): Promise<{ from: string; to: string }[]> {
  const allowed = (g.field.constraints?.enum ?? []).map(String);
  if (allowed.length === 0 || values.length === 0) return [];
  const vs = values.map((v) => `(${quoteLiteral(v)})`).join(', ');
  const es = allowed.map((e) => `(${quoteLiteral(e)})`).join(', ');
  const r = await conn.runAndReadAll(`
    WITH v(v) AS (VALUES ${vs}), e(e) AS (VALUES ${es}),
    m AS (SELECT v, e, ${fingerprintSql('v')} = ${fingerprintSql('e')} AS same,
                 levenshtein(lower(trim(v)), lower(e)) AS d FROM v, e),
    best AS (SELECT v, e, same, d, rank() OVER (PARTITION BY v ORDER BY same DESC, d) AS r FROM m)
    SELECT v, any_value(e) AS e FROM best
    WHERE r = 1 AND (same OR d <= greatest(1, least(2, length(e) // 4)))
    GROUP BY v HAVING count(*) = 1 ORDER BY v`);
  return r.getRowObjectsJS().map((x) => ({ from: String(x.v), to: String(x.e) }));
}

/** Candidate operations for the group's column, in no particular order. */
export async function candidateOps(
  conn: DuckDBConnection,
  g: GroupRef,
  values: { value: string }[],
): Promise<Operation[]> {
  const columns = [g.column];
  const f = g.field;
  const out: Operation[] = [
    { op: 'trim', columns },
    { op: 'collapseSpaces', columns },
  ];
  if (g.rule === 'pattern' || g.rule === 'enum')
    for (const c of ['lower', 'upper', 'title'] as const) out.push({ op: 'changeCase', case: c, columns });
  if (g.rule === 'type' && (f.type === 'date' || f.type === 'datetime' || f.type === 'time')) {
    const formats = await pickFormats(conn, g);
    const output = outputFor(g);
    if (formats.length) out.push({ op: 'parseDate', columns, formats, ...(output ? { output } : {}) });
  }
  const plainNumbers = (f.decimalChar ?? '.') === '.' && !f.groupChar && f.bareNumber !== false;
  if (g.rule === 'type' && (f.type === 'number' || f.type === 'integer') && plainNumbers)
    for (const l of NUMBER_LOCALES)
      out.push({ op: 'parseNumber', columns, decimal: l.decimal, group: l.group });
  if (g.rule === 'type' && f.type === 'boolean') {
    const t = f.trueValues?.[0] ?? 'true';
    const fl = f.falseValues?.[0] ?? 'false';
    const mapping = values.flatMap(({ value }) => {
      const w = value.trim().toLowerCase();
      if (TRUE_WORDS.includes(w)) return [{ from: value, to: t }];
      if (FALSE_WORDS.includes(w)) return [{ from: value, to: fl }];
      return [];
    });
    if (mapping.length) out.push({ op: 'mapValues', columns, mapping });
  }
  if (g.rule === 'enum' && f.type === 'string') {
    const mapping = await enumMapping(
      conn,
      g,
      values.map((v) => v.value),
    );
    if (mapping.length) out.push({ op: 'mapValues', columns, mapping });
  }
  const required = f.constraints?.required === true;
  if (g.rule === 'type' && !required) {
    const tokens = [
      ...new Set(values.map((v) => v.value).filter((v) => MISSING_TOKENS.includes(v.trim().toLowerCase()))),
    ];
    if (tokens.length) out.push({ op: 'nullTokens', columns, tokens });
  }
  return out;
}
