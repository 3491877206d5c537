// Workspace format migrations. core/project/registry.ts owns the `sluice_workspace` version table; this list
// says how each newer format is reached from the one before, and `migrateWorkspace` applies the missing
// steps, each in its own transaction with its version row, so an interrupted upgrade resumes cleanly.
// Wiring: ensureRegistry calls `migrateWorkspace(c)` and its WORKSPACE_VERSION equals LATEST_WORKSPACE_VERSION.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { inTransaction } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import { PIPELINE_TABLES_DDL } from './tables.js';

/** One step from format `version - 1` to `version`. */
export interface WorkspaceMigration {
  version: number;
  description: string;
  up(c: DuckDBConnection): Promise<void>;
}

/** Every step, in order. Format 1 is the first released one (datasets registry). */
export const WORKSPACE_MIGRATIONS: readonly WorkspaceMigration[] = [
  {
    version: 2,
    description: 'pipeline runs: sluice_runs, sluice_checkpoints, sluice_watch_ledger',
    async up(c) {
      for (const ddl of PIPELINE_TABLES_DDL) await c.run(ddl);
    },
  },
];

/** The format this code writes. */
export const LATEST_WORKSPACE_VERSION = WORKSPACE_MIGRATIONS.at(-1)?.version ?? 1;

/** The workspace's format version (null for a workspace without a version table or row). */
export async function workspaceVersion(c: DuckDBConnection): Promise<number | null> {
  const t = await c.runAndReadAll(
    `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'sluice_workspace' AND NOT temporary`,
  );
  if (Number(t.getRowObjectsJS()[0]?.n ?? 0) === 0) return null;
  const r = await c.runAndReadAll(`SELECT max(version) AS v FROM sluice_workspace`);
  const v = r.getRowObjectsJS()[0]?.v;
  return v == null ? null : Number(v);
}

/**
 * Brings a workspace to `target` (default: the latest format); returns the versions applied. A workspace
 * newer than this code is refused (WORKSPACE_INCOMPATIBLE); one without a version is taken as format 1.
 */
export async function migrateWorkspace(
  c: DuckDBConnection,
  target: number = LATEST_WORKSPACE_VERSION,
): Promise<number[]> {
  await c.run(`CREATE TABLE IF NOT EXISTS sluice_workspace (version INTEGER NOT NULL)`);
  const current = (await workspaceVersion(c)) ?? 1;
  if (current > LATEST_WORKSPACE_VERSION)
    throw new AppError(
      'WORKSPACE_INCOMPATIBLE',
      `This project was written by a newer Sluice (format ${current}).`,
      {
        hint: 'Update Sluice to open it.',
      },
    );
  const applied: number[] = [];
  for (const m of WORKSPACE_MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    await inTransaction(c, async () => {
      await m.up(c);
      await c.run(`INSERT INTO sluice_workspace VALUES ($1)`, [m.version]);
    });
    applied.push(m.version);
  }
  return applied;
}
