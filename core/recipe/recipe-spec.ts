// One description of every operation's and condition's fields. It drives both the strict reader of recipe
// JSON (parse-recipe.ts) and the JSON Schema file (json-schema.ts), so the two cannot drift apart; the
// `satisfies` clauses make the compiler insist that every operation and condition kind is described.

import type { ConditionKind, OpName } from '../contract/recipe.js';

/** The shape of one field. */
export type FieldSpec =
  | { t: 'string'; nonEmpty?: boolean; maxLength?: number }
  | { t: 'nullableString' }
  | { t: 'int'; min?: number }
  | { t: 'bool' }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'strings'; min?: number }
  | { t: 'ints' }
  | { t: 'scalar' }
  | { t: 'condition' }
  | { t: 'conditions' }
  | { t: 'mapping' };

/** A field and whether it may be left out. */
export interface FieldEntry {
  spec: FieldSpec;
  optional?: boolean;
}

/** Fields of an object (besides its discriminant). */
export type ObjectSpec = Record<string, FieldEntry>;

const req = (spec: FieldSpec): FieldEntry => ({ spec });
const opt = (spec: FieldSpec): FieldEntry => ({ spec, optional: true });
const str: FieldSpec = { t: 'string' };
const name: FieldSpec = { t: 'string', nonEmpty: true, maxLength: 255 };
const names: FieldSpec = { t: 'strings', min: 1 };
const bool: FieldSpec = { t: 'bool' };

/** The rule names of findings. */
export const RULES = [
  'type',
  'required',
  'unique',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'enum',
  'primaryKey',
  'sync',
] as const;

const scoped = (fields: ObjectSpec): ObjectSpec => ({
  columns: req(names),
  where: opt({ t: 'condition' }),
  ...fields,
});

/** Fields of every condition kind. */
export const CONDITION_SPECS = {
  compare: {
    column: req(name),
    op: req({ t: 'enum', values: ['=', '!=', '<', '<=', '>', '>='] }),
    value: req({ t: 'scalar' }),
    numeric: opt(bool),
  },
  missing: { column: req(name) },
  in: { column: req(name), values: req({ t: 'strings' }), caseInsensitive: opt(bool) },
  text: {
    column: req(name),
    match: req({ t: 'enum', values: ['contains', 'startsWith', 'endsWith', 'regex'] }),
    value: req(str),
    caseInsensitive: opt(bool),
  },
  finding: { column: opt(name), rule: opt({ t: 'enum', values: RULES }) },
  lines: { lines: req({ t: 'ints' }) },
  and: { all: req({ t: 'conditions' }) },
  or: { any: req({ t: 'conditions' }) },
  not: { cond: req({ t: 'condition' }) },
  sql: { expr: req({ t: 'string', nonEmpty: true }) },
} satisfies Record<ConditionKind, ObjectSpec>;

const onErrorKeep = opt({ t: 'enum', values: ['keep', 'null'] });

/** Fields of every operation. */
export const OP_SPECS = {
  editCell: {
    line: req({ t: 'int', min: 1 }),
    column: req(name),
    value: req({ t: 'nullableString' }),
    previous: opt({ t: 'nullableString' }),
  },
  trim: scoped({}),
  collapseSpaces: scoped({}),
  changeCase: scoped({ case: req({ t: 'enum', values: ['upper', 'lower', 'title'] }) }),
  replace: scoped({
    find: req({ t: 'string', nonEmpty: true }),
    replacement: req(str),
    regex: opt(bool),
    caseInsensitive: opt(bool),
  }),
  mapValues: scoped({ mapping: req({ t: 'mapping' }), caseInsensitive: opt(bool) }),
  nullTokens: scoped({ tokens: req({ t: 'strings', min: 1 }), caseInsensitive: opt(bool) }),
  parseNumber: scoped({
    decimal: req({ t: 'enum', values: ['.', ','] }),
    group: req({ t: 'enum', values: ['', ',', '.', ' ', "'"] }),
    percent: opt({ t: 'enum', values: ['fraction', 'keep'] }),
    onError: onErrorKeep,
  }),
  parseDate: scoped({
    formats: req({ t: 'strings', min: 1 }),
    output: opt({ t: 'string', nonEmpty: true }),
    onError: onErrorKeep,
  }),
  cast: {
    columns: req(names),
    to: req({
      t: 'enum',
      values: ['varchar', 'integer', 'bigint', 'double', 'decimal', 'boolean', 'date', 'timestamp', 'time'],
    }),
    precision: opt({ t: 'int', min: 1 }),
    scale: opt({ t: 'int', min: 0 }),
    onError: opt({ t: 'enum', values: ['null', 'fail'] }),
  },
  fillDown: scoped({}),
  fillDefault: scoped({ value: req(str) }),
  split: {
    column: req(name),
    separator: req({ t: 'string', nonEmpty: true }),
    regex: opt(bool),
    into: req(names),
    keepOriginal: opt(bool),
  },
  merge: { columns: req(names), separator: req(str), into: req(name), keepOriginals: opt(bool) },
  derive: { name: req(name), expr: req({ t: 'string', nonEmpty: true }), after: opt(name) },
  rename: { column: req(name), to: req(name) },
  drop: { columns: req(names) },
  reorder: { columns: req(names) },
  filterRows: { where: req({ t: 'condition' }), mode: req({ t: 'enum', values: ['keep', 'drop'] }) },
  dropRowsWithFindings: { column: opt(name), rule: opt({ t: 'enum', values: RULES }) },
  dedupe: {
    keys: req(names),
    keep: req({ t: 'enum', values: ['first', 'last', 'mostComplete'] }),
    ignoreCase: opt(bool),
    trim: opt(bool),
  },
  hash: scoped({ secret: req(name) }),
  mask: scoped({
    keepFirst: opt({ t: 'int', min: 0 }),
    keepLast: opt({ t: 'int', min: 0 }),
    maskChar: opt({ t: 'string', nonEmpty: true }),
    maskLength: opt({ t: 'int', min: 0 }),
  }),
  redact: scoped({ replacement: opt({ t: 'nullableString' }) }),
  generaliseDate: scoped({ to: req({ t: 'enum', values: ['month', 'year'] }) }),
} satisfies Record<OpName, ObjectSpec>;

/** Every operation name. */
export const OP_NAMES = Object.keys(OP_SPECS) as OpName[];
