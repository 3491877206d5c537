// "Would this value produce a finding of this rule?" in SQL, from the validator's own field compiler
// (core/validate/compile-field.ts), so a suggestion's "fixes N findings" agrees with the next validation.

import type { TableSchema, SchemaField } from '../contract/schema.js';
import type { RuleName } from '../contract/validation.js';
import { compileField, type CompiledField } from '../validate/compile-field.js';

/** SQL for one value reference: its typed form (computed in an inner projection) and the failure test. */
export interface RuleProbe {
  /** `expr AS alias` for the inner projection, or null when the field has no typed form. */
  typed: string | null;
  /** SQL boolean over the value and its typed alias: TRUE when the value gets a finding of `rule`. */
  fails: string;
}

/** Per-value rules; unique and primaryKey compare rows and are measured differently. */
export const VALUE_RULES: readonly RuleName[] = [
  'type',
  'required',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
];

/** The field of the schema a findings column names (exact, else case-insensitive), or undefined. */
export function fieldFor(schema: TableSchema, column: string): SchemaField | undefined {
  return (
    schema.fields.find((f) => f.name === column) ??
    schema.fields.find((f) => f.name.toLowerCase() === column.toLowerCase())
  );
}

/** The probe of `rule` for the value `value` (quoted reference), whose typed form will be called `alias`. */
export function ruleProbe(
  schema: TableSchema,
  field: SchemaField,
  rule: RuleName,
  value: string,
  alias: string,
): RuleProbe | null {
  const pk = schema.primaryKey === undefined ? [] : [schema.primaryKey].flat();
  const cf: CompiledField = compileField(field, value, alias, schema.missingValues, pk.includes(field.name));
  const typed = cf.typedExpr === null ? null : `${cf.typedExpr} AS ${alias}`;
  const valid = `coalesce(${cf.valid}, FALSE)`;
  if (rule === 'required') return { typed, fails: cf.required ? cf.missing : 'FALSE' };
  if (rule === 'type') return { typed, fails: `(NOT ${cf.missing} AND NOT ${valid})` };
  const check = cf.checks.find((c) => c.rule === rule);
  if (!check) return null;
  return { typed, fails: `(NOT ${cf.missing} AND ${valid} AND coalesce(${check.cond}, FALSE))` };
}
