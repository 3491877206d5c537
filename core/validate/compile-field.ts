// One schema field compiled to SQL: what "missing", "valid for the type" and each value constraint mean for its
// column, and the message each finding carries. A value that fails its type is reported once, as `type`;
// range, length, pattern and enum checks apply only to values of the right type.

import type { SchemaField } from '../contract/schema.js';
import type { RuleName } from '../contract/validation.js';
import { quoteLiteral } from '../sql/quote.js';
import { conformsSqlFor, missingSql, typedLiteralSql, typedSqlFor } from '../types/conforms-sql.js';
import { describeType } from '../types/describe.js';
import { recognizer } from '../types/lexical.js';

/** A value check on valid values: the rule, its condition (TRUE = finding) and its message, in SQL. */
export interface ValueCheck {
  rule: RuleName;
  cond: string;
  message: string;
}

/** A field ready to compile: SQL over the raw column `col` and its typed value `typed`. */
export interface CompiledField {
  field: SchemaField;
  /** The column as an SQL identifier of the scanned relation. */
  col: string;
  /** Quoted alias of the typed value in the scan (null for strings, which compare as text). */
  typed: string | null;
  typedExpr: string | null;
  missing: string;
  /** SQL boolean: the non-missing value is valid for the type (may read `typed`). */
  valid: string;
  required: boolean;
  requiredMessage: string;
  typeMessage: string;
  checks: ValueCheck[];
}

const lit = quoteLiteral;
const MAX_EXCERPT = 60;

/** SQL of a value as quoted in messages: 'text', cut to 60 characters. */
export function excerptSql(col: string): string {
  return `'''' || CASE WHEN length(${col}) > ${MAX_EXCERPT} THEN left(${col}, ${MAX_EXCERPT - 1}) || '…' ELSE ${col} END || ''''`;
}

const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function enumList(values: readonly unknown[]): string {
  const head = values.slice(0, 10).map(shown).join(', ');
  return values.length > 10 ? `${head}, … (${values.length} values)` : head;
}

function valueChecks(f: SchemaField, col: string, typed: string | null): ValueCheck[] {
  const c = f.constraints ?? {};
  const v = excerptSql(col);
  const checks: ValueCheck[] = [];
  const cmp = typed ?? col;
  if (c.minimum !== undefined) {
    const min = typedLiteralSql(f, c.minimum);
    checks.push({
      rule: 'minimum',
      cond: `${cmp} < ${min}`,
      message: `${v} || ${lit(` is less than the minimum ${shown(c.minimum)}`)}`,
    });
  }
  if (c.maximum !== undefined) {
    const max = typedLiteralSql(f, c.maximum);
    checks.push({
      rule: 'maximum',
      cond: `${cmp} > ${max}`,
      message: `${v} || ${lit(` is greater than the maximum ${shown(c.maximum)}`)}`,
    });
  }
  if (c.minLength !== undefined) {
    checks.push({
      rule: 'minLength',
      cond: `length(${col}) < ${c.minLength}`,
      message: `${v} || ' has ' || length(${col}) || ${lit(` characters, fewer than the minimum length ${c.minLength}`)}`,
    });
  }
  if (c.maxLength !== undefined) {
    checks.push({
      rule: 'maxLength',
      cond: `length(${col}) > ${c.maxLength}`,
      message: `${v} || ' has ' || length(${col}) || ${lit(` characters, more than the maximum length ${c.maxLength}`)}`,
    });
  }
  if (c.pattern !== undefined) {
    checks.push({
      rule: 'pattern',
      cond: `NOT regexp_full_match(${col}, ${lit(c.pattern)})`,
      message: `${v} || ${lit(` does not match the pattern ${c.pattern}`)}`,
    });
  }
  if (c.enum !== undefined) {
    const values = c.enum.map((e) => (typed ? typedLiteralSql(f, e) : lit(String(e))));
    checks.push({
      rule: 'enum',
      cond: `${cmp} NOT IN (${values.join(', ')})`,
      message: `${v} || ${lit(` is not one of the allowed values: ${enumList(c.enum)}`)}`,
    });
  }
  return checks;
}

/**
 * Compiles a field against its source column (`col`, quoted); `alias` names its typed value in the scan;
 * `inPrimaryKey` makes it required (Table Schema: key fields may not be missing).
 */
export function compileField(
  field: SchemaField,
  col: string,
  alias: string,
  missingValues: readonly string[] | undefined,
  inPrimaryKey: boolean,
): CompiledField {
  const r = recognizer(field);
  const c = field.constraints ?? {};
  // The typed value is computed only when a check compares it; validity alone has cheaper SQL.
  const compares =
    c.minimum !== undefined || c.maximum !== undefined || c.enum !== undefined || c.unique === true;
  const typedExpr = compares || inPrimaryKey ? typedSqlFor(r, col) : null;
  const typed = typedExpr === null ? null : alias;
  const valid = typed === null ? conformsSqlFor(r, col) : `${typed} IS NOT NULL`;
  const explicit = field.constraints?.required === true;
  const why = explicit || !inPrimaryKey ? 'is required' : 'is part of the primary key';
  return {
    field,
    col,
    typed,
    typedExpr,
    missing: missingSql(col, missingValues),
    valid,
    required: explicit || inPrimaryKey,
    requiredMessage: lit(`missing value, but ${field.name} ${why}`),
    typeMessage: `${excerptSql(col)} || ${lit(` is not ${describeType(field)}`)}`,
    checks: valueChecks(field, col, typed),
  };
}
