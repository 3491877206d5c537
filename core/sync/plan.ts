// Maps the dataset's fields onto the target table and lists every problem before anything is written: types that
// cannot fit, NOT NULL columns nothing fills, keys without a unique index, columns the target lacks (drift
// policy), dependents a replace would strand. Pure: the caller reads the database (introspect.ts) first.

import type { DriftPolicy, SyncColumnPlan, SyncMode, SyncPlan, SyncProblem } from '../contract/sync.js';
import { quoteIdent } from '../sql/quote.js';
import { qualify, uniquePgNames } from './identifiers.js';
import type { TargetInfo } from './introspect.js';
import { compatibility, pgTypeFor, type TypeOptions } from './pg-types.js';
import type { SourceColumn } from './source-sql.js';
import { RESERVED_TARGET_COLUMNS } from './statements.js';

/** What the plan is made from. */
export interface PlanInput {
  dbSchema: string;
  table: string;
  mode: SyncMode;
  columns: SourceColumn[];
  /** Key field names (upsert / insert-new; optional primary key of a created table). */
  key: string[];
  /** Field name → existing target column, overriding matching by name. */
  columnMap?: Record<string, string>;
  drift: DriftPolicy;
  types: TypeOptions;
  target: TargetInfo;
  /** Field name → vector length, for embedding columns. */
  embeddingDims?: Record<string, number>;
}

/** The plan plus what the engine needs to carry it out. */
export interface PlanDetail extends SyncPlan {
  /** Indexes into `input.columns` of the fields that are sent (not ignored), aligned with `sent`. */
  sourceIdx: number[];
  /** The sent columns: target names and types. */
  sent: { column: string; type: string; notNull: boolean }[];
  /** Columns to add to an existing table. */
  add: { column: string; type: string }[];
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Target columns whose names are close to `name` (same letters and digits, or a small edit distance). */
export function nearMatches(name: string, candidates: readonly string[]): string[] {
  const n = norm(name);
  return candidates
    .map((c) => ({ c, d: norm(c) === n ? 0 : levenshtein(n, norm(c)) }))
    .filter((x) => x.d === 0 || (x.d <= 2 && n.length >= 4))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((x) => x.c);
}

/** `CREATE TABLE` for a new target (or a replace's load table). */
export function createTableSql(q: string, cols: PlanDetail['sent'], key: string[]): string {
  const defs = cols.map((c) => `${quoteIdent(c.column)} ${c.type}${c.notNull ? ' NOT NULL' : ''}`);
  if (key.length > 0) defs.push(`PRIMARY KEY (${key.map(quoteIdent).join(', ')})`);
  return `CREATE TABLE ${q} (${defs.join(', ')})`;
}

/** Plans a sync. */
export function planSync(input: PlanInput): PlanDetail {
  const { target, columns } = input;
  const problems: SyncProblem[] = [];
  const warnings: string[] = [];
  const names = uniquePgNames(columns.map((c) => c.field.name));
  const typeOf = (c: SourceColumn) =>
    pgTypeFor(c.kind, input.types, { dims: input.embeddingDims?.[c.field.name], pgvector: target.pgvector });
  const byName = new Map(target.columns.map((c) => [c.name, c]));
  const plans: SyncColumnPlan[] = [];
  const sent: PlanDetail['sent'] = [];
  const sourceIdx: number[] = [];
  const add: PlanDetail['add'] = [];

  columns.forEach((col, i) => {
    const field = col.field.name;
    const required = col.field.constraints?.required === true;
    const keep = (column: string, pgType: string, action: SyncColumnPlan['action']) => {
      plans.push({ field, column, pgType, action });
      sent.push({ column, type: pgType, notNull: required });
      sourceIdx.push(i);
    };
    if (!target.exists) return keep(names[i]!, typeOf(col), 'create');
    const explicit = input.columnMap?.[field];
    if (explicit !== undefined && !byName.has(explicit)) {
      problems.push({
        kind: 'name',
        column: field,
        message: `Field "${field}" is mapped to "${explicit}", which ${input.table} does not have.`,
      });
      return;
    }
    const name = explicit ?? (byName.has(field) ? field : byName.has(names[i]!) ? names[i] : undefined);
    const existing = name !== undefined ? byName.get(name) : undefined;
    if (existing) {
      if (existing.generated) {
        problems.push({
          kind: 'type',
          column: field,
          message: `Column "${existing.name}" is generated; it cannot be written.`,
        });
        return;
      }
      const fit = compatibility(col.kind, existing.type);
      if (fit === 'no') {
        problems.push({
          kind: 'type',
          column: field,
          message: `Field "${field}" (${col.kind}) cannot go into column "${existing.name}" (${existing.type}).`,
          hint: 'Change the field type in the schema, or map the field to another column.',
        });
        return;
      }
      if (fit === 'narrowing')
        warnings.push(
          `Column "${existing.name}" (${existing.type}) may reject some ${col.kind} values of "${field}"; those rows are rejected one by one.`,
        );
      return keep(existing.name, existing.type, 'map');
    }
    const near = nearMatches(
      field,
      target.columns.map((c) => c.name),
    );
    const hint =
      near.length > 0
        ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}? Map it with columnMap.`
        : undefined;
    if (input.drift === 'fail') {
      problems.push({
        kind: 'drift',
        column: field,
        message: `Column "${field}" is not in ${input.table} (drift policy: fail).`,
        ...(hint ? { hint } : {}),
      });
    } else if (input.drift === 'ignore') {
      plans.push({ field, column: names[i]!, pgType: typeOf(col), action: 'ignore' });
      warnings.push(
        `Field "${field}" is not in ${input.table} and is not sent (drift policy: ignore).${hint ? ` ${hint}` : ''}`,
      );
    } else {
      add.push({ column: names[i]!, type: typeOf(col) });
      keep(names[i]!, typeOf(col), 'add');
      if (hint) warnings.push(`Field "${field}" becomes a new column. ${hint}`);
    }
  });

  const sentNames = new Set(sent.map((s) => s.column));
  for (const c of target.columns) {
    if (c.notNull && !c.hasDefault && !c.generated && !sentNames.has(c.name)) {
      problems.push({
        kind: 'not-null',
        column: c.name,
        message: `Column "${c.name}" is NOT NULL without a default, and no field fills it.`,
        hint: 'Map a field to it or give it a default.',
      });
    }
    if (RESERVED_TARGET_COLUMNS.includes(c.name)) {
      problems.push({
        kind: 'name',
        column: c.name,
        message: `Column "${c.name}" uses a name Sluice reserves for its own bookkeeping.`,
      });
    }
  }

  const keyed = input.mode === 'upsert' || input.mode === 'insert-new';
  const key: string[] = [];
  for (const k of input.key) {
    const idx = columns.findIndex((c) => c.field.name === k);
    const at = sourceIdx.indexOf(idx);
    if (idx < 0 || at < 0)
      problems.push({ kind: 'key', column: k, message: `Key field "${k}" is not among the fields sent.` });
    else key.push(sent[at]!.column);
  }
  if (keyed && input.key.length === 0) {
    problems.push({
      kind: 'key',
      message: `Mode ${input.mode} needs a key.`,
      hint: 'Pass --key COLUMNS or set primaryKey in the schema.',
    });
  }
  if (keyed && target.exists && key.length === input.key.length && key.length > 0) {
    const want = [...key].sort().join('\u0000');
    if (!target.uniqueKeys.some((u) => [...u].sort().join('\u0000') === want)) {
      problems.push({
        kind: 'key',
        message: `${input.table} has no unique index or primary key on (${key.join(', ')}); ${input.mode} needs one.`,
        hint: `CREATE UNIQUE INDEX ON ${qualify(input.dbSchema, input.table)} (${key.map(quoteIdent).join(', ')})`,
      });
    }
  }
  if (input.mode === 'replace' && target.dependents.length > 0) {
    problems.push({
      kind: 'dependents',
      message: `Replacing ${input.table} would leave ${target.dependents.join(', ')} pointing at the old table.`,
      hint: 'Use upsert, or drop and recreate the dependents around the sync.',
    });
  }
  if (target.serverVersionNum < 130000) {
    problems.push({ kind: 'server', message: 'Sluice needs PostgreSQL 13 or newer on the target.' });
  }

  const q = qualify(input.dbSchema, input.table);
  const schemaChanges = !target.exists
    ? [createTableSql(q, sent, keyed || input.mode === 'replace' ? key : [])]
    : add.map((a) => `ALTER TABLE ${q} ADD COLUMN ${quoteIdent(a.column)} ${a.type}`);
  return {
    dbSchema: input.dbSchema,
    table: input.table,
    createTable: !target.exists,
    columns: plans,
    key,
    schemaChanges,
    problems,
    warnings,
    sourceIdx,
    sent,
    add,
  };
}
