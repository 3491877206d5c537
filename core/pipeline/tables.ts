// The runner's bookkeeping tables and the names of the objects a run owns. They live in the project's DuckDB
// workspace, next to the stages, so a stage and its checkpoint commit in one transaction.
//
// A run owns every object named `<runId>__<phase>` or `<runId>__<phase>__…`; `…__w…` objects are scratch
// (uncommitted work, dropped before a phase is retried or resumed). Run ids and phase names never contain
// `__`, so ownership is decided by name alone.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';

/** DDL of the runner's tables (workspace format 2). Idempotent. */
export const PIPELINE_TABLES_DDL = [
  `CREATE TABLE IF NOT EXISTS sluice_runs (
    run_id VARCHAR PRIMARY KEY,
    pipeline_name VARCHAR NOT NULL,
    pipeline_file VARCHAR,
    file_hash VARCHAR NOT NULL,
    pipeline_hash VARCHAR NOT NULL,
    pipeline_json VARCHAR NOT NULL,
    config_json VARCHAR NOT NULL,
    sources_json VARCHAR NOT NULL,
    sluice_version VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    started_at VARCHAR NOT NULL,
    finished_at VARCHAR,
    resumes INTEGER NOT NULL,
    error_json VARCHAR,
    phases_json VARCHAR,
    purged_at VARCHAR,
    log_file VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS sluice_checkpoints (
    run_id VARCHAR NOT NULL,
    phase VARCHAR NOT NULL,
    phase_index INTEGER NOT NULL,
    phase_type VARCHAR NOT NULL,
    chunk INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    stage VARCHAR,
    rows_in BIGINT NOT NULL,
    rows_out BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    findings BIGINT NOT NULL,
    attempts INTEGER NOT NULL,
    started_at VARCHAR NOT NULL,
    finished_at VARCHAR NOT NULL,
    detail_json VARCHAR,
    PRIMARY KEY (run_id, phase, chunk))`,
  `CREATE TABLE IF NOT EXISTS sluice_watch_ledger (
    pipeline_name VARCHAR NOT NULL,
    content_hash VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    size BIGINT NOT NULL,
    run_id VARCHAR,
    status VARCHAR NOT NULL,
    recorded_at VARCHAR NOT NULL,
    PRIMARY KEY (pipeline_name, content_hash))`,
];

/** Creates the runner's tables when missing. */
export async function ensurePipelineTables(c: DuckDBConnection): Promise<void> {
  for (const ddl of PIPELINE_TABLES_DDL) await c.run(ddl);
}

/** Checkpoint row of a whole phase (chunk rows count from 0). */
export const PHASE_ROW = -1;

/** Run ids: `r` + UTC time + random, lowercase, safe inside table names. */
export const RUN_ID_RE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;

/** The stage of a phase. */
export function stageName(runId: string, phase: string): string {
  return `${runId}__${phase}`;
}

/** The scratch prefix of a phase (also a valid dataset id for the importer and the validator). */
export function scratchName(runId: string, phase: string): string {
  return `${runId}__${phase}__w`;
}

/** A workspace object (table or view). */
export interface DbObject {
  name: string;
  kind: 'table' | 'view';
}

/** Tables and views of the workspace whose name is `prefix` or starts with `prefix__`. */
export async function objectsOwnedBy(c: DuckDBConnection, prefix: string): Promise<DbObject[]> {
  const p = quoteLiteral(prefix);
  const r = await c.runAndReadAll(
    `SELECT table_name AS name, 'table' AS kind FROM duckdb_tables()
       WHERE NOT temporary AND (table_name = ${p} OR starts_with(table_name, ${p} || '__'))
     UNION ALL
     SELECT view_name, 'view' FROM duckdb_views()
       WHERE NOT temporary AND NOT internal AND (view_name = ${p} OR starts_with(view_name, ${p} || '__'))`,
  );
  return r.getRowObjectsJS().map((o) => ({ name: String(o.name), kind: o.kind as DbObject['kind'] }));
}

/** DROP statements for objects, views first (they may read the tables). */
export function dropStatements(objects: DbObject[]): string[] {
  const views = objects.filter((o) => o.kind === 'view').sort((a, b) => b.name.localeCompare(a.name));
  const tables = objects.filter((o) => o.kind === 'table').sort((a, b) => b.name.localeCompare(a.name));
  return [
    ...views.map((o) => `DROP VIEW IF EXISTS ${quoteIdent(o.name)}`),
    ...tables.map((o) => `DROP TABLE IF EXISTS ${quoteIdent(o.name)}`),
  ];
}
