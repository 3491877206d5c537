// sluice sync FILE_OR_PROJECT --table T --mode M [--to URL_OR_NAME]: a dataset into PostgreSQL, exactly once;
// `sluice sync rollback SYNC_ID` and `sluice sync list` for the history. Every step goes through the contract.

import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { AppError } from '../../core/contract/errors.js';
import type { SyncMode, SyncRequest } from '../../core/contract/sync.js';
import type { Engine } from '../../core/engine/index.js';
import { readJsonFile } from '../../core/json/read-json-file.js';
import { OPEN_OPTIONS, OPEN_OPTIONS_HELP, onePath, overridesFrom, parse, positiveInt } from '../args.js';
import { call, withEngine } from '../host.js';
import { openAndImport } from './open-dataset.js';
import { syncHistoryCommand } from './sync-history.js';
import { printDryRun, printResult, resultJson } from './sync-output.js';

export const SYNC_HELP = `Usage: sluice sync FILE_OR_PROJECT --table T --mode MODE [--to URL_OR_NAME] [options]
       sluice sync rollback SYNC_ID [--to URL_OR_NAME] [--json]
       sluice sync list [--to URL_OR_NAME] [--limit N] [--json]

Loads the dataset (the file, imported once, with its working recipe applied; or a project folder) into a
PostgreSQL table: COPY into staging, merged in batches that each commit with a ledger row, so a re-run never
duplicates and an interrupted sync resumes with the same command. Rows with validation findings are held back
(--include-invalid sends them); rows the database refuses are rejected one by one and become findings of rule
'sync'. Exit code: 0 done, 1 done with rejected or held-back rows, 2 bad usage or unreachable database,
3 aborted by the error budget (everything rolled back).

Options:
  --to URL_OR_NAME        postgres://… URL or a saved connection (sluice connections add); default:
                          $DATABASE_URL, else the local sandbox database in $SLUICE_HOME/sandbox
  --table T               target table (created from the schema when missing)
  --mode MODE             append | upsert | insert-new | replace
  --key COLS              key fields for upsert / insert-new, comma-separated (default: the primaryKey)
  --schema PATH           Table Schema (JSON) to validate and type the rows with
  --db-schema S           target schema (default public)
  --drift POLICY          fields the table lacks: add (default) | ignore | fail
  --dry-run               count what would be inserted/updated/unchanged/rejected; change nothing
  --include-invalid       send rows with validation findings too; the database decides
  --max-rejects N         error budget: roll back when more than N rows are rejected
  --max-reject-ratio R    error budget: roll back when more than R (0..1) of the rows are rejected
  --fresh                 sync again even though this dataset was already synced into this table
  --resync SYNC_ID        send only the rows SYNC_ID rejected or held back that are valid now
  --parallel N            parallel connections (default 2)
${OPEN_OPTIONS_HELP}
  (--json prints {"syncId", "status", "inserted", "updated", "unchanged", "rejected", "heldBack", …})`;

const MODES: SyncMode[] = ['append', 'upsert', 'insert-new', 'replace'];

const OPTIONS = {
  ...OPEN_OPTIONS,
  to: { type: 'string' },
  table: { type: 'string' },
  mode: { type: 'string' },
  key: { type: 'string' },
  schema: { type: 'string' },
  'db-schema': { type: 'string' },
  drift: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'include-invalid': { type: 'boolean' },
  'max-rejects': { type: 'string' },
  'max-reject-ratio': { type: 'string' },
  fresh: { type: 'boolean' },
  resync: { type: 'string' },
  parallel: { type: 'string' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

function budgetOf(v: Values): SyncRequest['errorBudget'] {
  const out: NonNullable<SyncRequest['errorBudget']> = {};
  if (v['max-rejects'] !== undefined) {
    const n = Number(v['max-rejects']);
    if (!Number.isInteger(n) || n < 0)
      throw new AppError('BAD_USAGE', `--max-rejects must be a whole number ≥ 0, got '${v['max-rejects']}'.`);
    out.maxRows = n;
  }
  if (v['max-reject-ratio'] !== undefined) {
    const r = Number(v['max-reject-ratio']);
    if (!(r >= 0 && r <= 1))
      throw new AppError(
        'BAD_USAGE',
        `--max-reject-ratio must be between 0 and 1, got '${v['max-reject-ratio']}'.`,
      );
    out.maxRatio = r;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The request's target part from the options (the source is filled in once opened). */
function requestOf(v: Values): Omit<SyncRequest, 'datasetId' | 'projectDir'> {
  if (!v.table)
    throw new AppError('BAD_USAGE', 'Missing --table T.', { hint: 'Run with --help to see the usage.' });
  const mode = (v.mode ?? '') as SyncMode;
  if (!MODES.includes(mode))
    throw new AppError('BAD_USAGE', v.mode ? `Unknown --mode '${v.mode}'.` : 'Missing --mode.', {
      hint: 'Use append, upsert, insert-new or replace.',
    });
  if (v.drift !== undefined && !['add', 'ignore', 'fail'].includes(v.drift))
    throw new AppError('BAD_USAGE', `Unknown --drift '${v.drift}'.`, { hint: 'Use add, ignore or fail.' });
  const budget = budgetOf(v);
  return {
    table: v.table,
    mode,
    ...(v.to ? { to: v.to } : {}),
    ...(v.key
      ? {
          key: v.key
            .split(',')
            .map((k) => k.trim())
            .filter(Boolean),
        }
      : {}),
    ...(v['db-schema'] ? { dbSchema: v['db-schema'] } : {}),
    ...(v.drift ? { drift: v.drift as SyncRequest['drift'] } : {}),
    ...(v['include-invalid'] ? { includeInvalid: true } : {}),
    ...(budget ? { errorBudget: budget } : {}),
    ...(v.fresh ? { fresh: true } : {}),
    ...(v.parallel !== undefined ? { parallel: positiveInt(v.parallel, 'parallel', 2) } : {}),
  };
}

async function isProject(path: string): Promise<boolean> {
  return (await stat(resolve(path, 'workspace.duckdb')).catch(() => undefined)) !== undefined;
}

/** Opens the source: a project folder as is, a file imported (once), validated against the schema. */
async function openSource(
  engine: Engine,
  path: string,
  v: Values,
  schema: unknown,
): Promise<Pick<SyncRequest, 'datasetId' | 'projectDir' | 'schema'>> {
  if (await isProject(path))
    return { projectDir: resolve(path), ...(schema !== undefined ? { schema } : {}) };
  const { info } = await openAndImport(engine, path, {
    project: v.project,
    overrides: overridesFrom(v),
    reimport: v.reimport,
  });
  const datasetId = info.datasetId;
  if (schema !== undefined) await call(engine, 'schema.set', { datasetId, schema });
  // Held-back rows are the ones with findings now: validate the current stage before sending it.
  if (!v['include-invalid']) await call(engine, 'validation.run', { datasetId });
  return { datasetId };
}

/** Runs `sluice sync`. */
export async function syncCommand(argv: string[]): Promise<number> {
  if (argv[0] === 'rollback' || argv[0] === 'list') return syncHistoryCommand(argv[0], argv.slice(1));
  const { values: v, positionals } = parse(argv, OPTIONS);
  if (v.help) return (void console.log(SYNC_HELP), 0);
  const path = onePath(positionals, 'FILE_OR_PROJECT');
  const base = requestOf(v);
  const schema = v.schema ? (await readJsonFile(resolve(v.schema), 'SCHEMA_INVALID')).value : undefined;
  return withEngine(
    async (engine) => {
      const source = await openSource(engine, path, v, schema);
      const req: SyncRequest = { ...base, ...source };
      if (v['dry-run']) {
        const dry = await call(engine, 'sync.plan', req);
        if (v.json) console.log(JSON.stringify({ status: 'dry-run', ...dry }));
        else printDryRun(dry);
        if (dry.plan.problems.length > 0) return 2;
        return (dry.counts?.rejected ?? 0) > 0 || dry.heldBack > 0 ? 1 : 0;
      }
      const { jobId } = v.resync
        ? await call(engine, 'sync.resyncFixed', {
            syncId: v.resync,
            ...(v.to ? { to: v.to } : {}),
            ...source,
          })
        : await call(engine, 'sync.run', req);
      const result = await call(engine, 'sync.wait', { jobId });
      if (v.json) console.log(JSON.stringify(resultJson(result)));
      else printResult(result);
      return result.rejected > 0 || result.heldBack > 0 ? 1 : 0;
    },
    { quiet: v.json === true },
  );
}
