// validateTable: compiles the schema to one SQL statement, runs it over the whole `<id>__source` table into a
// fresh table, and swaps that in as `<id>__findings` in one transaction, so readers see the old findings or
// the new ones, never half. Cancellation interrupts DuckDB and leaves the previous findings in place.

import { inTransaction, type DuckDBConnection } from '../adapters/duckdb.js';
import { holdUncompressedText } from '../adapters/compression-hold.js';
import { AppError } from '../contract/errors.js';
import type { TableSchema } from '../contract/schema.js';
import type { ValidationResult } from '../contract/validation.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import { datasetTables } from '../workspace/tables.js';
import { bindFields } from './bind-fields.js';
import { compileValidation } from './compile-query.js';
import { findingsSummary } from './findings.js';
import { runSql, throwIfAborted, type StepProgress } from './run-sql.js';
import { tableColumns, tableExists } from './table-info.js';

/** Options of a validation run. */
export interface ValidateOptions {
  signal?: AbortSignal;
  onProgress?: (p: StepProgress) => void;
}

const FINDINGS_COLUMNS = 'line BIGINT, "column" VARCHAR, rule VARCHAR, value VARCHAR, message VARCHAR';

/** Patterns go to RE2 only at run time: compile each once first, so a bad one names its field and key. */
async function checkPatterns(conn: DuckDBConnection, schema: TableSchema): Promise<void> {
  for (const [i, f] of schema.fields.entries()) {
    const p = f.constraints?.pattern;
    if (p === undefined) continue;
    try {
      await conn.run(`SELECT regexp_full_match('', ${quoteLiteral(p)})`);
    } catch (e) {
      throw new AppError(
        'SCHEMA_INVALID',
        `field ${i + 1} ('${f.name}'): constraints.pattern '${p}' is not a valid RE2 regular expression (${(e as Error).message})`,
        { field: f.name, key: 'constraints.pattern', hint: 'Write the pattern in RE2 syntax (DuckDB).' },
      );
    }
  }
}

async function swapIn(conn: DuckDBConnection, next: string, datasetId: string): Promise<void> {
  await inTransaction(conn, async () => {
    await conn.run(`DROP TABLE IF EXISTS ${datasetTables(datasetId).findings}`);
    await conn.run(`ALTER TABLE ${next} RENAME TO ${quoteIdent(`${datasetId}__findings`)}`);
  });
}

async function count(conn: DuckDBConnection, table: string): Promise<number> {
  const r = await conn.runAndReadAll(`SELECT count(*) FROM ${table}`);
  return Number(r.getRows()[0]?.[0] ?? 0);
}

/** Validates every row of the dataset against `schema`; stores the findings and returns their summary. */
export async function validateTable(
  conn: DuckDBConnection,
  datasetId: string,
  schema: TableSchema,
  opts: ValidateOptions = {},
): Promise<ValidationResult> {
  const started = performance.now();
  const tables = datasetTables(datasetId);
  const columns = await tableColumns(conn, `${datasetId}__source`);
  if (columns.length === 0) {
    throw new AppError('NOT_FOUND', `Dataset ${datasetId} has no imported table.`, {
      hint: 'Import the file first.',
    });
  }
  const bound = bindFields(schema, columns);
  await checkPatterns(conn, schema);
  throwIfAborted(opts.signal);
  const next = quoteIdent(`${datasetId}__findings_next`);
  await conn.run(`CREATE OR REPLACE TABLE ${next} (${FINDINGS_COLUMNS})`);
  // Findings are written as uncompressed text unless the workspace asks otherwise (compression-hold.ts).
  const fastWrites = await holdUncompressedText(conn);
  try {
    const select = compileValidation(tables.source, schema, bound);
    if (select) await runSql(conn, `INSERT INTO ${next} ${select}`, { ...opts, step: 'validate' });
    throwIfAborted(opts.signal);
    await swapIn(conn, next, datasetId);
  } catch (e) {
    await conn.run(`DROP TABLE IF EXISTS ${next}`).catch(() => undefined);
    throw e;
  } finally {
    await fastWrites?.release().catch(() => undefined);
  }
  opts.onProgress?.({ step: 'validate', fraction: 1 });
  const rows = await count(conn, tables.source);
  const rejectedLines = (await tableExists(conn, `${datasetId}__rejects`))
    ? await count(conn, tables.rejects)
    : 0;
  const summary = await findingsSummary(conn, datasetId, { rows, rejectedLines });
  return { ...summary, durationMs: Math.round(performance.now() - started) };
}
