// Suggestions: for each findings group (column × rule), concrete operations with their effect measured on the
// whole table — values changed, findings fixed of those still open, other rows touched.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import type { Operation, Suggestion } from '../contract/recipe.js';
import type { TableSchema } from '../contract/schema.js';
import type { RuleName } from '../contract/validation.js';
import { recipeEnv, stepContext } from '../recipe/context.js';
import { candidateOps } from './candidates.js';
import { measureOps, openValues, type Effect, type GroupRef } from './effect.js';
import { measureDedupe, measureDropRows } from './row-effects.js';
import { fieldFor, VALUE_RULES } from './rule-sql.js';
import { suggestionTitle } from './titles.js';

/** Options of suggestFixes. */
export interface SuggestOptions {
  schema: TableSchema;
  /** Table the suggestions apply to (unquoted): the current stage; default `<id>__source`. */
  table?: string;
  /** Most suggestions per group besides the drop-rows fallback (default 3). */
  maxPerGroup?: number;
  /** Only these groups. */
  groups?: { column: string; rule: RuleName }[];
  signal?: AbortSignal;
}

const cancelled = () => new AppError('CANCELLED', 'Cancelled by the user.', {});

async function groupsOf(
  conn: DuckDBConnection,
  findings: string,
): Promise<{ column: string; rule: RuleName }[]> {
  const r = await conn.runAndReadAll(
    `SELECT "column" AS c, rule AS r, count(*) AS n FROM ${findings} GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
  );
  return r.getRowObjectsJS().map((x) => ({ column: String(x.c), rule: String(x.r) as RuleName }));
}

function toSuggestion(g: GroupRef, op: Operation, e: Effect): Suggestion {
  // An operation that would also change rows without these findings is offered scoped to the findings.
  const scoped = e.otherValuesChanged > 0 && 'columns' in op;
  const finalOp: Operation = scoped
    ? ({ ...op, where: { kind: 'finding', column: g.field.name, rule: g.rule } } as Operation)
    : op;
  const effect = scoped
    ? { ...e, valuesChanged: e.valuesChanged - e.otherValuesChanged, otherValuesChanged: 0 }
    : e;
  return {
    column: g.field.name,
    rule: g.rule,
    title: suggestionTitle(finalOp, g.field.name, effect, scoped),
    op: finalOp,
    ...effect,
  };
}

/** Suggestions for one group of a dataset's findings. */
export async function suggestForGroup(
  conn: DuckDBConnection,
  datasetId: string,
  column: string,
  rule: RuleName,
  opts: SuggestOptions,
): Promise<Suggestion[]> {
  const table = opts.table ?? `${datasetId}__source`;
  const env = await recipeEnv(conn, datasetId);
  if (!env.hasFindings)
    throw new AppError('NOT_FOUND', 'There are no findings to fix.', { hint: 'Validate the data first.' });
  const probeStep = { id: 'suggest', enabled: true, op: { op: 'trim', columns: [column] } as Operation };
  const ctx = await stepContext(conn, env, table, probeStep, 0);
  if (rule === 'unique' || rule === 'primaryKey') return measureDedupe(conn, ctx, opts.schema, column, rule);
  const field = fieldFor(opts.schema, column);
  const col = field && ctx.columns.find((c) => c.name.toLowerCase() === field.name.toLowerCase());
  if (!field || !col || !VALUE_RULES.includes(rule)) return [];
  const g: GroupRef = { ctx, schema: opts.schema, field, column: col.name, rule };
  const out: Suggestion[] = [];
  if (col.type === 'VARCHAR') {
    const values = await openValues(conn, g);
    const ops = await candidateOps(conn, g, values);
    const { effects } = await measureOps(conn, g, ops);
    const scored = ops
      .map((op, i) => ({ op, e: effects[i] }))
      .filter((x): x is { op: Operation; e: Effect } => !!x.e && x.e.findingsFixed > 0)
      .sort(
        (a, b) => b.e.findingsFixed - a.e.findingsFixed || a.e.otherValuesChanged - b.e.otherValuesChanged,
      );
    for (const { op, e } of scored.slice(0, opts.maxPerGroup ?? 3)) out.push(toSuggestion(g, op, e));
  }
  const drop = await measureDropRows(conn, g);
  if (drop) out.push(drop);
  return out;
}

/** Suggestions for every findings group (largest first), or for `opts.groups`. */
export async function suggestFixes(
  conn: DuckDBConnection,
  datasetId: string,
  opts: SuggestOptions,
): Promise<Suggestion[]> {
  const env = await recipeEnv(conn, datasetId);
  if (!env.hasFindings)
    throw new AppError('NOT_FOUND', 'There are no findings to fix.', { hint: 'Validate the data first.' });
  const groups = opts.groups ?? (await groupsOf(conn, env.findings));
  const out: Suggestion[] = [];
  for (const grp of groups) {
    if (opts.signal?.aborted) throw cancelled();
    out.push(...(await suggestForGroup(conn, datasetId, grp.column, grp.rule, opts)));
  }
  return out;
}
