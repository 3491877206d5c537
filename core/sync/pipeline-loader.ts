// The pipeline's load phase into PostgreSQL (core/pipeline/phase-api.ts PostgresLoader) on top of syncDataset.
// The phase hands a DuckDB query; it is materialised as a workspace table `load_<hash of loadKey>__source`
// with a deterministic line number per row, so a re-run (or a resume after a crash) of the same load key finds
// the same sync job in the target's ledger: nothing is written twice, an interrupted load continues where its
// committed batches end. The job id handed back is the sync id, which rollback() undoes.

import { createHash } from 'node:crypto';
import { withConnection, type DuckDBConnection } from '../adapters/duckdb.js';
import { closePg, connectPg, type PgTarget } from '../adapters/postgres.js';
import { AppError } from '../contract/errors.js';
import type { FieldType, SchemaField, TableSchema } from '../contract/schema.js';
import type { DriftPolicy, SyncMode } from '../contract/sync.js';
import type { PostgresLoader } from '../pipeline/phase-api.js';
import type { DestinationSpec } from '../pipeline/types.js';
import { quoteIdent } from '../sql/quote.js';
import { LINE_COLUMN } from '../workspace/tables.js';
import { metaTables, readSync } from './meta.js';
import type { BatchSizing, ErrorBudget } from './options.js';
import { rollbackSync } from './rollback.js';
import { syncDataset } from './run.js';
import { pgToAppError } from './sqlstate.js';

/** How the loader finds databases and what it defaults to. */
export interface PostgresLoaderOptions {
  /** The database a destination names (options.connection: a saved name or URL; none: the host's default). */
  target(destination: DestinationSpec): Promise<PgTarget>;
  /** Schema of Sluice's bookkeeping tables (default 'public'). */
  metaSchema?: string;
  /** Folder for batch files (default: the OS temp folder). */
  tmpDir?: string;
  /** Parallel connections per load unless the destination says (default 2). */
  parallel?: number;
}

/** The destination options the loader reads (pipeline file: destinations[].options). */
interface LoadSettings {
  table: string;
  dbSchema: string;
  mode: SyncMode;
  key?: string[];
  drift?: DriftPolicy;
  errorBudget?: ErrorBudget;
  batch?: Partial<BatchSizing>;
  parallel?: number;
  includeInvalid: boolean;
}

const MODES: SyncMode[] = ['append', 'upsert', 'insert-new', 'replace'];

function settingsOf(d: DestinationSpec): LoadSettings {
  const o = d.options;
  const bad = (m: string) =>
    new AppError('PIPELINE_INVALID', `Destination '${d.name}': ${m}`, {
      hint: 'Set options.table (schema.table or table), options.mode and, for upsert, options.key.',
    });
  if (typeof o.table !== 'string' || o.table.trim() === '') throw bad('options.table is missing.');
  const mode = (o.mode ?? 'append') as SyncMode;
  if (!MODES.includes(mode)) throw bad(`unknown mode '${String(o.mode)}'.`);
  // "schema.table" names a schema unless options.schema is given (then the dot is part of the name).
  const dot = o.table.indexOf('.');
  const [dbSchema, table] =
    typeof o.schema === 'string'
      ? [o.schema, o.table]
      : dot > 0
        ? [o.table.slice(0, dot), o.table.slice(dot + 1)]
        : ['public', o.table];
  const key = typeof o.key === 'string' ? [o.key] : Array.isArray(o.key) ? o.key.map(String) : undefined;
  return {
    table,
    dbSchema,
    mode,
    ...(key ? { key } : {}),
    ...(typeof o.drift === 'string' ? { drift: o.drift as DriftPolicy } : {}),
    ...(o.errorBudget && typeof o.errorBudget === 'object'
      ? { errorBudget: o.errorBudget as ErrorBudget }
      : {}),
    ...(o.batch && typeof o.batch === 'object' ? { batch: o.batch as Partial<BatchSizing> } : {}),
    ...(typeof o.parallel === 'number' ? { parallel: o.parallel } : {}),
    includeInvalid: true,
  };
}

/** The Table Schema type of a DuckDB column type (the stage is typed; values travel as their text). */
function fieldType(duckType: string): FieldType {
  const t = duckType.toUpperCase();
  if (t === 'BOOLEAN') return 'boolean';
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|HUGEINT)$/.test(t))
    return 'integer';
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL)/.test(t)) return 'number';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'datetime';
  if (t === 'TIME') return 'time';
  return 'string';
}

/** Materialises the query as `<id>__source`: __line + one column per output (lists kept, the rest as text). */
async function materialise(conn: DuckDBConnection, query: string, source: string): Promise<TableSchema> {
  const described = (await conn.runAndReadAll(`DESCRIBE ${query}`)).getRowObjectsJS();
  const cols = described.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const out = cols.filter((c) => c.name !== LINE_COLUMN);
  if (out.length === 0) throw new AppError('PIPELINE_INVALID', 'The load query selects no columns.');
  // preserve_insertion_order is off in workspaces: number rows by an explicit order. With the stage's line
  // kept, by it; else by every column (equal rows are interchangeable, so the numbering is still a function
  // of the data, which is what a resumed load needs to find its committed batches again).
  const hasLine = cols.some((c) => c.name === LINE_COLUMN);
  const order = hasLine ? quoteIdent(LINE_COLUMN) : out.map((c) => `q.${quoteIdent(c.name)}`).join(', ');
  const select = out.map((c) =>
    c.type.endsWith(']')
      ? `q.${quoteIdent(c.name)}`
      : `CAST(q.${quoteIdent(c.name)} AS VARCHAR) AS ${quoteIdent(c.name)}`,
  );
  await conn.run(
    `CREATE OR REPLACE TABLE ${quoteIdent(source)} AS SELECT CAST(row_number() OVER (ORDER BY ${order || '1'}) AS BIGINT) AS ${quoteIdent(LINE_COLUMN)}, ${select.join(', ')} FROM (${query}) q`,
  );
  const fields: SchemaField[] = out.map((c) => ({ name: c.name, type: fieldType(c.type) }));
  // Nothing is a missing-value token: NULL is NULL and '' is an empty string, as in the stage.
  return { fields, missingValues: [] };
}

/** A PostgresLoader that syncs each destination with the sync engine (exactly once per load key). */
export function createPostgresLoader(opts: PostgresLoaderOptions): PostgresLoader {
  const metaSchema = opts.metaSchema ?? 'public';
  return {
    async load(req) {
      const s = settingsOf(req.destination);
      const pg = await opts.target(req.destination);
      const datasetId = `load_${createHash('sha1').update(req.loadKey).digest('hex').slice(0, 16)}`;
      const source = `${datasetId}__source`;
      const schema = await materialise(req.conn, req.query, source);
      try {
        const r = await syncDataset({
          duck: req.db,
          datasetId,
          schema,
          pg,
          table: s.table,
          dbSchema: s.dbSchema,
          metaSchema,
          mode: s.mode,
          includeInvalid: s.includeInvalid,
          signal: req.signal,
          ...(s.key ? { key: s.key } : {}),
          ...(s.drift ? { drift: s.drift } : {}),
          ...(s.errorBudget ? { errorBudget: s.errorBudget } : {}),
          ...(s.batch ? { batch: s.batch } : {}),
          ...((s.parallel ?? opts.parallel) ? { parallel: s.parallel ?? opts.parallel } : {}),
          ...(opts.tmpDir ? { tmpDir: opts.tmpDir } : {}),
          ...(req.onProgress ? { onProgress: (p) => req.onProgress?.(p.rowsDone) } : {}),
        });
        return { rows: r.inserted + r.updated + r.unchanged, jobId: r.syncId, rejected: r.rejected };
      } finally {
        // The rows live in the stage; only rejects (findings of rule `sync`) are worth keeping.
        await withConnection(req.db, async (c) => {
          await c.run(`DROP TABLE IF EXISTS ${quoteIdent(source)}`);
          const f = quoteIdent(`${datasetId}__findings`);
          const left = await c.runAndReadAll(
            `SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = '${datasetId}__findings'`,
          );
          if (Number(left.getRowObjectsJS()[0]?.n) > 0) {
            const n = await c.runAndReadAll(`SELECT count(*) AS n FROM ${f}`);
            if (Number(n.getRowObjectsJS()[0]?.n) === 0) await c.run(`DROP TABLE ${f}`);
          }
        }).catch(() => undefined);
      }
    },
    async rollback(req) {
      if (req.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled by the user.');
      const pg = await opts.target(req.destination);
      // A rollback that already happened (a run rolled back twice, or after a crash mid-rollback) is done.
      const c = await connectPg(pg, { applicationName: 'sluice-rollback' }).catch((e: unknown) => {
        throw pgToAppError(e, pg.password);
      });
      let status: string | undefined;
      try {
        status = (await readSync(c, metaTables(metaSchema), req.jobId))?.status;
      } finally {
        await closePg(c);
      }
      if (status === 'rolled_back') return;
      await rollbackSync(pg, req.jobId, { metaSchema });
    },
  };
}
