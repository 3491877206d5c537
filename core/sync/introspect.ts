// What the target database already has: the table's columns, unique keys and dependents, and pgvector.

import type { PgClient } from '../adapters/postgres.js';
import { qualify } from './identifiers.js';

/** A column of an existing table. */
export interface TargetColumn {
  name: string;
  /** As format_type prints it (e.g. 'character varying(20)'). */
  type: string;
  notNull: boolean;
  hasDefault: boolean;
  generated: boolean;
}

/** The target as it is now. */
export interface TargetInfo {
  exists: boolean;
  columns: TargetColumn[];
  /** Column sets of unique indexes usable by ON CONFLICT (no predicate, no expressions). */
  uniqueKeys: string[][];
  /** Views and foreign keys that depend on the table (a replace would leave them on the old table). */
  dependents: string[];
  pgvector: boolean;
  serverVersionNum: number;
}

/** Reads the target's definition. */
export async function introspect(c: PgClient, dbSchema: string, table: string): Promise<TargetInfo> {
  const q = qualify(dbSchema, table);
  const base = await c.query(
    `SELECT to_regclass($1)::oid AS oid, current_setting('server_version_num')::int AS v,
            EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS pgvector`,
    [q],
  );
  const { oid, v, pgvector } = base.rows[0] as { oid: number | null; v: number; pgvector: boolean };
  if (oid === null)
    return { exists: false, columns: [], uniqueKeys: [], dependents: [], pgvector, serverVersionNum: v };
  const cols = await c.query(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, attnotnull AS not_null,
            (atthasdef OR attidentity <> '') AS has_default, attgenerated <> '' AS generated
       FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [oid],
  );
  const keys = await c.query(
    `SELECT array_agg(a.attname::text ORDER BY k.ord) AS cols
       FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = $1 AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
      GROUP BY i.indexrelid`,
    [oid],
  );
  const deps = await c.query(
    `SELECT DISTINCT v.oid::regclass::text AS name FROM pg_depend d
       JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class
      WHERE d.refobjid = $1 AND v.oid <> $1
     UNION
     SELECT conrelid::regclass::text || ' (foreign key ' || conname || ')' FROM pg_constraint
      WHERE confrelid = $1 AND contype = 'f' AND conrelid <> $1`,
    [oid],
  );
  return {
    exists: true,
    columns: (
      cols.rows as {
        name: string;
        type: string;
        not_null: boolean;
        has_default: boolean;
        generated: boolean;
      }[]
    ).map((r) => ({
      name: r.name,
      type: r.type,
      notNull: r.not_null,
      hasDefault: r.has_default,
      generated: r.generated,
    })),
    uniqueKeys: (keys.rows as { cols: string[] }[]).map((r) => r.cols),
    dependents: (deps.rows as { name: string }[]).map((r) => r.name),
    pgvector,
    serverVersionNum: v,
  };
}
