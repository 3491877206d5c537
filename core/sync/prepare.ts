// Everything a sync needs before it writes: the target's definition, the workspace columns, the plan with its
// problems (including key problems in the data), counts and the fingerprint of what would be sent.

import { createHash } from 'node:crypto';
import { withConnection } from '../adapters/duckdb.js';
import type { PgClient } from '../adapters/postgres.js';
import { AppError } from '../contract/errors.js';
import type { SyncProblem } from '../contract/sync.js';
import { quoteIdent } from '../sql/quote.js';
import { datasetTables } from '../workspace/tables.js';
import { pgName, qualify } from './identifiers.js';
import { introspect, type TargetInfo } from './introspect.js';
import type { ResolvedOptions } from './options.js';
import { planSync, type PlanDetail } from './plan.js';
import type { SourceColumn } from './source-sql.js';
import {
  countSource,
  describeTable,
  fingerprint,
  keyProblems,
  makeSource,
  num,
  rowsOf,
  type SyncSource,
} from './source.js';

/** A sync, prepared. */
export interface Prepared {
  o: ResolvedOptions;
  /** Target table name as PostgreSQL keeps it. */
  table: string;
  /** Qualified, quoted target. */
  q: string;
  info: TargetInfo;
  plan: PlanDetail;
  src: SyncSource;
  rows: number;
  heldBack: number;
  fingerprint: string;
  /** Identity of "this dataset into this table in this mode": re-runs find their earlier sync by it. */
  jobKey: string;
}

function keyFields(o: ResolvedOptions): string[] {
  if (o.mode === 'append') return [];
  if (o.key && o.key.length > 0) return o.key;
  const pk = o.schema.primaryKey;
  return pk === undefined ? [] : Array.isArray(pk) ? pk : [pk];
}

/** Reads both sides and plans; `checkKeys` adds key problems found in the data. */
export async function prepare(o: ResolvedOptions, control: PgClient, checkKeys = true): Promise<Prepared> {
  const table = pgName(o.table);
  const info = await introspect(control, o.dbSchema, table);
  let tables: ReturnType<typeof datasetTables>;
  try {
    tables = datasetTables(o.datasetId);
  } catch {
    throw new AppError('BAD_USAGE', `"${o.datasetId}" is not a dataset id.`);
  }
  const sourceName = o.sourceTable ?? `${o.datasetId}__source`;
  const key = keyFields(o);
  return withConnection(o.duck, async (c) => {
    const described = await describeTable(c, sourceName);
    if (!described) {
      throw new AppError('NOT_FOUND', `Dataset ${o.datasetId} has no table ${sourceName} in its workspace.`, {
        hint: 'Open (import) the file first.',
      });
    }
    const hasFindings = (await describeTable(c, `${o.datasetId}__findings`)) !== undefined;
    const missing: SyncProblem[] = [];
    const columns: SourceColumn[] = [];
    const dims: Record<string, number> = {};
    for (const field of o.schema.fields) {
      const col = described.find((d) => d.name === field.name);
      if (!col) {
        missing.push({
          kind: 'name',
          column: field.name,
          message: `Field "${field.name}" is not a column of the dataset.`,
        });
        continue;
      }
      const isList = col.type.endsWith(']');
      columns.push({ field, source: col.name, kind: isList ? 'embedding' : field.type });
      if (isList) {
        const fixed = /\[(\d+)\]$/.exec(col.type);
        const [m] = fixed
          ? [{ n: Number(fixed[1]) }]
          : await rowsOf(c, `SELECT max(len(${quoteIdent(col.name)})) AS n FROM ${quoteIdent(sourceName)}`);
        dims[field.name] = num(m?.n);
      }
    }
    const plan = planSync({
      dbSchema: o.dbSchema,
      table,
      mode: o.mode,
      columns,
      key,
      drift: o.drift,
      types: o.types ?? {},
      target: info,
      embeddingDims: dims,
      ...(o.columnMap ? { columnMap: o.columnMap } : {}),
    });
    plan.problems.unshift(...missing);
    const sentColumns = plan.sourceIdx.map((i) => columns[i]!);
    const src = makeSource(
      o.duck,
      quoteIdent(sourceName),
      hasFindings ? tables.findings : null,
      o.includeInvalid === true,
      sentColumns,
      o.schema,
      info.pgvector,
    );
    const counts = await countSource(c, src);
    if (checkKeys && plan.key.length > 0 && plan.key.length === key.length) {
      const idx = key.map((k) => sentColumns.findIndex((s) => s.field.name === k));
      const kp = await keyProblems(c, src, idx);
      if (kp.nulls > 0) {
        plan.problems.push({
          kind: 'key',
          message: `${kp.nulls} rows have no value in the key (lines ${kp.nullLines.join(', ')}).`,
          hint: 'Fix or hold back those rows.',
        });
      }
      if (kp.duplicates > 0) {
        const ex = kp.duplicateLines.map((l) => l.join('/')).join(', ');
        plan.problems.push({
          kind: 'key',
          message: `${kp.duplicates} key values appear on more than one row (lines ${ex}).`,
          hint: 'Dedupe on the key first.',
        });
      }
    }
    return {
      o,
      table,
      q: qualify(o.dbSchema, table),
      info,
      plan,
      src,
      rows: counts.rows,
      heldBack: counts.heldBack,
      fingerprint: await fingerprint(c, src),
      jobKey: createHash('sha1')
        .update(JSON.stringify([o.datasetId, o.dbSchema, table, o.mode, key]))
        .digest('hex'),
    };
  });
}

/** AppError DB_SCHEMA listing the plan's problems, or nothing when there are none. */
export function assertNoProblems(p: Prepared): void {
  const { problems } = p.plan;
  if (problems.length === 0) return;
  const first = problems[0]!;
  throw new AppError(
    'DB_SCHEMA',
    `${problems.length} problem(s) stop the sync to ${p.table}: ${problems.map((x) => x.message).join(' ')}`,
    {
      problems,
      ...(first.column ? { column: first.column } : {}),
      ...(first.hint ? { hint: first.hint } : {}),
    },
  );
}
