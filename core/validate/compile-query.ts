// The whole validation as one SQL statement. The main branch scans the table once: an inner projection
// computes each field's typed value once, a second computes one small integer of rule bits per field, rows
// with any bit set (usually few) are kept, and only for those is a finding struct built per set bit and
// UNNESTed. Measured on 10M rows × 10 columns with 21 checks (2 shared cores): this plan 20 s; one UNION ALL
// branch per field × rule 88 s (each branch rescans and retypes its column); building the finding list for
// every row without the pre-filter 34 s.
// `unique` and `primaryKey` need every value at once, so each is a GROUP BY … HAVING count(*) > 1 joined back
// to the rows: every row whose value occurs more than once is a finding (not only the second and later
// ones), so a user sees all the rows that clash. Values compare as typed values ('1' and '01' are the same
// integer; strings compare as written); missing values and values of the wrong type take no part.

import type { TableSchema } from '../contract/schema.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { LINE_COLUMN } from '../workspace/tables.js';
import { compileField, excerptSql, type CompiledField } from './compile-field.js';

const lit = quoteLiteral;
const LINE = quoteIdent(LINE_COLUMN);
const BIT = { required: 1, type: 2 } as const;
const checkBit = (i: number) => 4 << i;

/** A schema field bound to the table column it validates. */
export interface BoundField {
  field: TableSchema['fields'][number];
  /** The column's name in the source table (may differ in case from the field name). */
  column: string;
}

function flagsSql(cf: CompiledField): string {
  const checks = cf.checks.map((c, i) => `CASE WHEN ${c.cond} THEN ${checkBit(i)} ELSE 0 END`);
  return `CASE WHEN ${cf.missing} THEN ${cf.required ? BIT.required : 0} WHEN NOT coalesce(${cf.valid}, FALSE) THEN ${BIT.type} ELSE ${checks.length ? checks.join(' + ') : '0'} END`;
}

/** One finding a row can have: which bit of which field's flags raises it, and what it reports. */
interface Candidate {
  flag: string;
  bit: number;
  column: string;
  rule: string;
  value: string;
  message: string;
}

function candidates(cf: CompiledField, flag: string): Candidate[] {
  const column = cf.field.name;
  const out: Candidate[] = [];
  if (cf.required)
    out.push({
      flag,
      bit: BIT.required,
      column,
      rule: 'required',
      value: 'NULL::VARCHAR',
      message: cf.requiredMessage,
    });
  out.push({ flag, bit: BIT.type, column, rule: 'type', value: cf.col, message: cf.typeMessage });
  cf.checks.forEach((c, i) =>
    out.push({ flag, bit: checkBit(i), column, rule: c.rule, value: cf.col, message: c.message }),
  );
  return out;
}

/** `CASE k WHEN 0 THEN e0 WHEN 1 THEN e1 … END` over the candidates. */
function byCode(list: Candidate[], pick: (c: Candidate) => string): string {
  return `CASE k ${list.map((c, i) => `WHEN ${i} THEN ${pick(c)}`).join(' ')} END`;
}

// Rows with findings (usually few) explode into one row per finding as a small integer code (the candidate's
// index): building a struct per candidate and filtering the list cost more than the rest of the scan
// (measured on 1M rows: 0.42 s of 1.1 s). Column and rule are constants looked up by code; value and message
// are computed only for the exploded rows.
function mainBranch(source: string, compiled: CompiledField[]): string {
  const cols = [...new Set(compiled.map((c) => c.col))];
  const typed = compiled.filter((c) => c.typedExpr !== null).map((c) => `${c.typedExpr} AS ${c.typed}`);
  const flags = compiled.map((c, i) => `${flagsSql(c)} AS f${i}`);
  const any = compiled.map((_, i) => `f${i} <> 0`).join(' OR ');
  const list = compiled.flatMap((c, i) => candidates(c, `f${i}`));
  const codes = list.map((c, i) => `CASE WHEN (${c.flag} & ${c.bit}) <> 0 THEN ${i} END`);
  const names = (pick: (c: Candidate) => string) => `[${list.map((c) => lit(pick(c))).join(', ')}][k + 1]`;
  return `SELECT line, ${names((c) => c.column)} AS "column", ${names((c) => c.rule)} AS rule,
  ${byCode(list, (c) => c.value)} AS value, ${byCode(list, (c) => c.message)} AS message
FROM (
  SELECT *, UNNEST(list_filter([${codes.join(', ')}], x -> x IS NOT NULL)) AS k
  FROM (
    SELECT ${[`${LINE} AS line`, ...cols, ...compiled.filter((c) => c.typed).map((c) => c.typed as string), ...flags].join(', ')}
    FROM (SELECT ${[LINE, ...cols, ...typed].join(', ')} FROM ${source})
  )
  WHERE ${any}
)`;
}

/** Rows whose (typed, valid) key occurs more than once; `rule` is unique or primaryKey. */
function duplicatesBranch(source: string, key: CompiledField[], rule: 'unique' | 'primaryKey'): string {
  const typed = key.filter((k) => k.typedExpr !== null).map((k) => `${k.typedExpr} AS ${k.typed}`);
  const inner = `SELECT ${[LINE, ...key.map((k) => k.col), ...typed].join(', ')} FROM ${source}`;
  const usable = key.map((k) => `NOT ${k.missing} AND coalesce(${k.valid}, FALSE)`).join(' AND ');
  const keys = key.map((k, i) => `${k.typed ?? k.col} AS k${i}`).join(', ');
  const value = key.map((k) => k.col).join(` || ', ' || `);
  const rows = `SELECT ${LINE} AS line, ${value} AS value, ${keys} FROM (${inner}) WHERE ${usable}`;
  const ks = key.map((_, i) => `k${i}`);
  const label = key.map((k) => k.field.name).join(', ');
  const message =
    rule === 'unique'
      ? `${excerptSql('r.value')} || ' occurs ' || d.n || ${lit(` times; ${label} must be unique`)}`
      : `${lit(`primary key (${label}) = (`)} || r.value || ') occurs ' || d.n || ' times'`;
  return `SELECT r.line, ${lit(label)} AS "column", ${lit(rule)} AS rule, r.value, ${message} AS message
FROM (${rows}) r
JOIN (SELECT ${ks.join(', ')}, count(*) AS n FROM (${rows}) GROUP BY ALL HAVING count(*) > 1) d
ON ${ks.map((k) => `r.${k} = d.${k}`).join(' AND ')}`;
}

/** Compiles the schema, bound to the table's columns, into one SELECT producing every finding. */
export function compileValidation(source: string, schema: TableSchema, bound: BoundField[]): string {
  const pk = schema.primaryKey === undefined ? [] : [schema.primaryKey].flat();
  const compiled = bound.map((b, i) =>
    compileField(b.field, quoteIdent(b.column), `t${i}`, schema.missingValues, pk.includes(b.field.name)),
  );
  const branches = compiled.length ? [mainBranch(source, compiled)] : [];
  for (const cf of compiled) {
    const soleKey = pk.length === 1 && pk[0] === cf.field.name;
    if (cf.field.constraints?.unique === true && !soleKey)
      branches.push(duplicatesBranch(source, [cf], 'unique'));
  }
  if (pk.length) {
    const key = pk.map((name) => compiled.find((c) => c.field.name === name) as CompiledField);
    branches.push(duplicatesBranch(source, key, 'primaryKey'));
  }
  return branches.join('\nUNION ALL\n');
}
