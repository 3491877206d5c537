// Fixes as data (issue 3): operations, recipes, their results, previews, clusters, suggestions and PII hints.
// Everything here is plain JSON so a recipe exported from one file replays on the next (the daily drop).

import type { RuleName } from './validation.js';

/** The recipe format version this Sluice writes; a newer one is refused on import. */
export const RECIPE_FORMAT_VERSION = 1;

/** Comparison operators of a `compare` condition. */
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * A condition on a row, compiled to SQL. A comparison involving NULL is false (never unknown), so
 * `not` of it is true.
 */
export type Condition =
  /** Compares a column with a value; `numeric` compares both as numbers (non-numeric text never matches). */
  | { kind: 'compare'; column: string; op: CompareOp; value: string | number | boolean; numeric?: boolean }
  /** The value is NULL or blank (only whitespace). */
  | { kind: 'missing'; column: string }
  /** The value is one of `values` (text comparison). */
  | { kind: 'in'; column: string; values: string[]; caseInsensitive?: boolean }
  /** A text test; `regex` is an RE2 pattern matched anywhere in the value. */
  | {
      kind: 'text';
      column: string;
      match: 'contains' | 'startsWith' | 'endsWith' | 'regex';
      value: string;
      caseInsensitive?: boolean;
    }
  /** The row's source line has a finding of the last validation (optionally of one column and/or rule). */
  | { kind: 'finding'; column?: string; rule?: RuleName }
  /** The row's source line is one of `lines` (a selection in the grid). */
  | { kind: 'lines'; lines: number[] }
  /** Every sub-condition holds (an empty list holds). */
  | { kind: 'and'; all: Condition[] }
  /** Some sub-condition holds (an empty list does not). */
  | { kind: 'or'; any: Condition[] }
  /** The sub-condition does not hold. */
  | { kind: 'not'; cond: Condition }
  /** A raw DuckDB boolean expression over the columns: one expression, no `;`, no subqueries. */
  | { kind: 'sql'; expr: string };

/** The name of a condition kind. */
export type ConditionKind = Condition['kind'];

/** One entry of a `mapValues` operation; `to: null` makes the value missing. */
export interface ValueMapping {
  from: string;
  to: string | null;
}

/** Target types of `cast`. */
export type CastType =
  'varchar' | 'integer' | 'bigint' | 'double' | 'decimal' | 'boolean' | 'date' | 'timestamp' | 'time';

/** Fields shared by column operations: the columns to change and, optionally, the rows to change. */
export interface ColumnScope {
  /** Columns the operation changes (at least one). */
  columns: string[];
  /** Only rows matching this condition change; the others keep their value. */
  where?: Condition;
}

/** A single operation of a recipe: a discriminated union on `op`. Every field is plain JSON. */
export type Operation =
  /** Sets one cell; `previous`, when given, makes the edit apply only while the cell still holds it. */
  | { op: 'editCell'; line: number; column: string; value: string | null; previous?: string | null }
  /** Removes leading and trailing whitespace (Unicode spaces and BOM included). */
  | ({ op: 'trim' } & ColumnScope)
  /** Replaces every run of whitespace with one space. */
  | ({ op: 'collapseSpaces' } & ColumnScope)
  /** Upper, lower or title case (title: first letter of each space-separated word upper, rest lower). */
  | ({ op: 'changeCase'; case: 'upper' | 'lower' | 'title' } & ColumnScope)
  /** Replaces every occurrence of `find` (literal, or an RE2 regex with \1 references) with `replacement`. */
  | ({
      op: 'replace';
      find: string;
      replacement: string;
      regex?: boolean;
      caseInsensitive?: boolean;
    } & ColumnScope)
  /** Replaces whole values by a lookup table; values not listed stay. */
  | ({ op: 'mapValues'; mapping: ValueMapping[]; caseInsensitive?: boolean } & ColumnScope)
  /** Makes values missing (NULL) when their trimmed text is one of `tokens` (e.g. `N/A`, `-`, `null`). */
  | ({ op: 'nullTokens'; tokens: string[]; caseInsensitive?: boolean } & ColumnScope)
  /**
   * Normalises localized numbers to plain decimal text (`1.234,50 €` → `1234.50`): strips currency symbols and
   * spaces, removes group separators (only in groups of three), turns the decimal separator into `.`, reads
   * `(12)` and `12-` as negative, and with `percent: 'fraction'` turns `12,5 %` into `0.125`.
   */
  | ({
      op: 'parseNumber';
      decimal: '.' | ',';
      /** Group (thousands) separator; '' for none. A space also accepts no-break spaces. */
      group: '' | ',' | '.' | ' ' | "'";
      percent?: 'fraction' | 'keep';
      /** What an unparseable value becomes: kept as is (default) or missing. */
      onError?: 'keep' | 'null';
    } & ColumnScope)
  /**
   * Parses dates or date-times with strftime formats tried in order, writing `output` (default ISO 8601:
   * `%Y-%m-%d` for dates, `%Y-%m-%dT%H:%M:%S` when the format has a time). Values are trimmed first.
   */
  | ({ op: 'parseDate'; formats: string[]; output?: string; onError?: 'keep' | 'null' } & ColumnScope)
  /** Changes the column type strictly (`2.5` is not an integer); failures become NULL or fail the step. */
  | {
      op: 'cast';
      columns: string[];
      to: CastType;
      precision?: number;
      scale?: number;
      onError?: 'null' | 'fail';
    }
  /** Fills missing (NULL or blank) values with the last non-missing value above, by source line order. */
  | ({ op: 'fillDown' } & ColumnScope)
  /** Fills missing (NULL or blank) values with `value`. */
  | ({ op: 'fillDefault'; value: string } & ColumnScope)
  /** Splits a column into `into` columns; with more parts than columns the last column keeps the rest. */
  | {
      op: 'split';
      column: string;
      separator: string;
      regex?: boolean;
      into: string[];
      keepOriginal?: boolean;
    }
  /** Joins columns into one with `separator`, skipping missing parts; NULL when every part is missing. */
  | { op: 'merge'; columns: string[]; separator: string; into: string; keepOriginals?: boolean }
  /** Adds a column computed by a DuckDB expression over existing columns (one expression, no `;`). */
  | { op: 'derive'; name: string; expr: string; after?: string }
  /** Renames a column. */
  | { op: 'rename'; column: string; to: string }
  /** Removes columns. */
  | { op: 'drop'; columns: string[] }
  /** Moves the listed columns first, in that order; the others follow in their current order. */
  | { op: 'reorder'; columns: string[] }
  /** Keeps (`mode: 'keep'`) or removes (`mode: 'drop'`) the rows matching a condition. */
  | { op: 'filterRows'; where: Condition; mode: 'keep' | 'drop' }
  /** Removes rows with a finding of the last validation (optionally of one column and/or rule). */
  | { op: 'dropRowsWithFindings'; column?: string; rule?: RuleName }
  /**
   * Keeps one row per key: the first or last by source line, or the most complete (most non-missing
   * values; ties to the first). Rows with a missing key value are never duplicates of each other.
   */
  | {
      op: 'dedupe';
      keys: string[];
      keep: 'first' | 'last' | 'mostComplete';
      ignoreCase?: boolean;
      trim?: boolean;
    }
  /** Replaces values by hex sha256(salt + value); the salt is the secret named `secret`, given at apply time. */
  | ({ op: 'hash'; secret: string } & ColumnScope)
  /**
   * Masks values except the first `keepFirst` and last `keepLast` characters (default 0 and 4):
   * `4111111111111234` → `************1234`; `maskLength` fixes the number of mask characters.
   */
  | ({
      op: 'mask';
      keepFirst?: number;
      keepLast?: number;
      maskChar?: string;
      maskLength?: number;
    } & ColumnScope)
  /** Replaces every non-missing value with `replacement` (default `[REDACTED]`; null makes it missing). */
  | ({ op: 'redact'; replacement?: string | null } & ColumnScope)
  /** Reduces ISO dates/date-times to `YYYY-MM` (month) or `YYYY` (year); unparseable values become missing. */
  | ({ op: 'generaliseDate'; to: 'month' | 'year' } & ColumnScope);

/** The name of an operation. */
export type OpName = Operation['op'];

/** One step of a recipe. */
export interface RecipeStep {
  /** Stable id (unique in the recipe). */
  id: string;
  op: Operation;
  /** A disabled step is kept in the recipe but not applied. */
  enabled: boolean;
  /** Free text for the user. */
  note?: string;
}

/** An ordered, versioned list of steps; what `recipe export` writes and `recipe import` reads. */
export interface Recipe {
  format: 'sluice-recipe';
  version: number;
  name?: string;
  /** Columns of the data the recipe was made on (informative: a replay checks each step's own columns). */
  columns?: string[];
  steps: RecipeStep[];
}

/** What applying one step did. */
export interface StepResult {
  stepId: string;
  /** Position in the recipe (0-based). */
  index: number;
  op: OpName;
  enabled: boolean;
  /** True when the stage came from the cache (then `ms` is the original run's time). */
  cached: boolean;
  /** The stage table the step produced; for a disabled step, the unchanged input table. */
  table: string;
  rowsIn: number;
  rowsOut: number;
  /**
   * Rows the step changed: for column steps, rows where an output value differs from the input
   * (IS DISTINCT FROM); for row steps, rows removed; for rename/reorder 0; for drop, rows that lost a
   * non-missing value.
   */
  rowsChanged: number;
  ms: number;
}

/** What applying a recipe did. */
export interface RecipeRunResult {
  /** The final table (the source itself when no step is enabled). */
  table: string;
  steps: StepResult[];
  rowsIn: number;
  rowsOut: number;
  ms: number;
}

/** The working recipe of a dataset with its undo/redo position, as the UI shows it. */
export interface RecipeState {
  datasetId: string;
  /** Every step, including the redo branch after `cursor`. */
  recipe: Recipe;
  /** Steps before the cursor are applied; the ones after it can be redone. */
  cursor: number;
  /** The table holding the data at the cursor. */
  table: string;
  canUndo: boolean;
  canRedo: boolean;
  /** Steps that applying a new operation now would discard (the UI warns first). */
  redoSteps: number;
}

/** One row of a preview: the values before and after (null for a row that does not exist on that side). */
export interface PreviewRow {
  line: number;
  before: (string | null)[] | null;
  after: (string | null)[] | null;
  changed: boolean;
}

/** Before/after sample of an operation, changed rows first, values as text. */
export interface OpPreview {
  columnsBefore: string[];
  columnsAfter: string[];
  rows: PreviewRow[];
  /** Rows the operation changes on the whole table (as StepResult.rowsChanged). */
  rowsChanged: number;
  rowsIn: number;
  rowsOut: number;
}

/** Clustering methods (as OpenRefine's key collision). */
export type ClusterMethod = 'fingerprint' | 'ngram';

/** A distinct value and how many rows hold it. */
export interface ClusterValue {
  value: string;
  count: number;
}

/** Values that share a key: probably one value written several ways. */
export interface ValueCluster {
  key: string;
  /** Most frequent first. */
  values: ClusterValue[];
  /** Rows holding any of the values. */
  rows: number;
  /** The proposed canonical value (the most frequent). */
  suggested: string;
}

/** A proposed fix for a group of findings (column × rule), with its effect on the whole table. */
export interface Suggestion {
  column: string;
  rule: RuleName;
  /** One sentence, e.g. "parse 2,931 values of order_date with format %d/%m/%Y — fixes 2,931 of 4,890 findings". */
  title: string;
  op: Operation;
  /** Rows whose value the operation changes. */
  valuesChanged: number;
  /** Findings of the group the operation resolves. */
  findingsFixed: number;
  /** Findings of the group still open on the table. */
  findingsTotal: number;
  /** Rows without a finding of the group that the operation would change too (0 is safest). */
  otherValuesChanged: number;
}

/** Kinds of personal data the detector recognises. */
export type PiiKind = 'email' | 'phone' | 'iban';

/** A column that looks like personal data, with privacy operations to consider. */
export interface PiiColumn {
  column: string;
  kind: PiiKind;
  /** Non-missing values that look like `kind` (IBANs: with a valid checksum). */
  matches: number;
  nonMissing: number;
  /** matches / nonMissing. */
  share: number;
  /** Privacy operations for the column, most protective first. */
  suggestions: Operation[];
}
