// The in-memory bridge: the whole contract over CSV text held in memory, with the engine's semantics
// (background import with progress and cancel, windows of rows, schema, validation, findings). Renderer
// stores are unit-tested against it, the contract suite checks it agrees with the real bridges, and the
// web mode can serve it for UI work and browser tests.

import type { AppApi, AppBridge, MethodName } from '../../core/contract/api.js';
import { EMBED_METHODS } from '../../core/contract/api-embed.js';
import { RECIPE_METHODS } from '../../core/contract/api-recipe.js';
import { RUNS_METHODS } from '../../core/contract/api-runs.js';
import { SYNC_METHODS } from '../../core/contract/api-sync.js';
import type {
  DatasetInfo,
  ImportSummary,
  OpenOverrides,
  RejectedLine,
} from '../../core/contract/datasets.js';
import { AppError, serializeError } from '../../core/contract/errors.js';
import { ok, type Result } from '../../core/contract/result.js';
import type { TableSchema } from '../../core/contract/schema.js';
import type { Finding, FindingsSummary } from '../../core/contract/validation.js';
import { createHub, createJobRunner, tick, type FakeJob } from './fake-events.js';
import { detectText, importText, previewText } from './fake-import.js';
import { inferSchema, profileTable, type FakeTable } from './fake-profile.js';
import { viewRows } from './fake-rows.js';
import { checkSchema, summarize, validateTable } from './fake-validate.js';

/** Options of the fake bridge. */
export interface FakeBridgeOptions {
  /** Files by path: their CSV text. */
  files?: Record<string, string>;
  /** A schema to use for a file instead of inferring one. */
  schemas?: Record<string, TableSchema>;
  /** Records imported per progress step (default 2,000). */
  importChunkRows?: number;
  /** Pause between import steps, in ms (default 0: still asynchronous). */
  importTickMs?: number;
}

/** The fake bridge: the contract plus a way to add files. */
export interface FakeBridge extends AppBridge {
  addFile(path: string, text: string): void;
}

interface State {
  path: string;
  info: DatasetInfo;
  job?: FakeJob<ImportSummary>;
  table?: FakeTable;
  rejects: RejectedLine[];
  schema?: TableSchema;
  findings: Finding[];
}

async function result<T>(work: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (e) {
    return { ok: false, error: serializeError(e) };
  }
}

const window = <T>(xs: T[], offset: number, limit: number) =>
  xs.slice(Math.max(0, offset), Math.max(0, offset) + Math.max(0, Math.min(limit, 10_000)));

/** Creates an in-memory bridge. */
export function createFakeBridge(opts: FakeBridgeOptions = {}): FakeBridge {
  const files = new Map(Object.entries(opts.files ?? {}));
  const datasets = new Map<string, State>();
  const hub = createHub();
  const jobs = createJobRunner(hub);
  const chunk = opts.importChunkRows ?? 2000;
  const tickMs = opts.importTickMs ?? 0;

  const textOf = (path: string) => {
    const text = files.get(path);
    if (text === undefined)
      throw new AppError('FILE_NOT_FOUND', `No such file: ${path}`, {
        file: path,
        hint: 'Check the path and try again.',
      });
    return text;
  };
  const state = (datasetId: string) => {
    const s = datasets.get(datasetId);
    if (!s)
      throw new AppError('NOT_FOUND', `No open dataset '${datasetId}'.`, {
        hint: 'Open the file first (datasets.open).',
      });
    return s;
  };
  const ready = async (datasetId: string) => {
    const s = state(datasetId);
    if (s.job) await s.job.promise;
    if (s.info.status !== 'ready' || !s.table)
      throw new AppError('CONFLICT', `The dataset is ${s.info.status}, not ready.`, {
        file: s.path,
        hint: 'Open the file again to import it.',
      });
    return s as State & { table: FakeTable };
  };
  const schemaOf = (s: State & { table: FakeTable }) =>
    (s.schema ??= opts.schemas?.[s.path] ?? inferSchema(s.table));

  function startImport(s: State, text: string): void {
    const job = jobs.start('import', s.info.datasetId, async (signal, progress) => {
      const started = Date.now();
      try {
        const { table, rejects, summary, header } = importText(text, s.info.detection);
        const total = summary.dataRecords;
        for (let done = 0; done < total; done += chunk) {
          await tick(tickMs, signal);
          const rows = Math.min(total, done + chunk);
          const secs = Math.max(0.001, (Date.now() - started) / 1000);
          progress({
            step: 'load',
            rows,
            bytesDone: Math.round((summary.bytes * rows) / total),
            bytesTotal: summary.bytes,
            rowsPerSec: rows / secs,
            etaSec: ((total - rows) * secs) / rows,
            fraction: rows / total,
          });
        }
        await tick(0, signal);
        const done = { ...summary, durationMs: Date.now() - started };
        Object.assign(s, { table, rejects, findings: [], schema: undefined });
        s.info = {
          ...s.info,
          status: 'ready',
          importSummary: done,
          importJobId: undefined,
          columns: table.columns.map((name, index) => ({ name, sourceName: header[index] ?? name, index })),
        };
        return done;
      } catch (e) {
        s.info = {
          ...s.info,
          status: e instanceof AppError && e.code === 'CANCELLED' ? 'cancelled' : 'failed',
          importJobId: undefined,
        };
        throw e;
      } finally {
        s.job = undefined;
      }
    });
    s.job = job;
    s.info = { ...s.info, status: 'importing', importJobId: job.id, importSummary: undefined };
  }

  async function open(req: {
    path: string;
    projectDir?: string;
    overrides?: OpenOverrides;
    previewRows?: number;
    reimport?: boolean;
  }) {
    const text = textOf(req.path);
    const detection = detectText(req.path, text, req.overrides);
    const preview = previewText(text, detection, req.previewRows ?? 200);
    const datasetId = `ds-${[...req.path].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0, 7).toString(16)}`;
    const prev = datasets.get(datasetId);
    if (prev?.job && !req.reimport) return { ...prev.info };
    const sameDialect =
      prev && JSON.stringify(prev.info.detection.dialect) === JSON.stringify(detection.dialect);
    if (prev?.info.status === 'ready' && !req.reimport && (!req.overrides || sameDialect))
      return { ...prev.info, preview };
    if (prev?.job) jobs.cancel(prev.job.id);
    const s: State = {
      path: req.path,
      rejects: [],
      findings: [],
      info: {
        datasetId,
        projectDir: req.projectDir ?? `${req.path.replace(/[/\\][^/\\]*$/, '')}/.sluice`,
        source: {
          path: req.path,
          size: new TextEncoder().encode(text).length,
          mtimeMs: 0,
          sampleHash: datasetId,
        },
        detection,
        columns: preview.columns.map((name, index) => ({ name, sourceName: name, index })),
        status: 'importing',
        preview,
      },
    };
    datasets.set(datasetId, s);
    startImport(s, text);
    return { ...s.info };
  }

  async function validate(datasetId: string) {
    const s = await ready(datasetId);
    const schema = schemaOf(s);
    const job = jobs.start('validate', datasetId, async (signal, progress) => {
      const started = Date.now();
      await tick(0, signal);
      const findings = validateTable(s.table, schema);
      progress({ step: 'validate', rows: s.table.rows.length, fraction: 1 });
      s.findings = findings;
      return {
        ...summarize(findings, s.table.rows.length, s.rejects.length),
        durationMs: Date.now() - started,
      };
    });
    return job.promise;
  }

  const findingsOf = (s: State, column?: string, rule?: string) =>
    s.findings.filter(
      (f) => (column === undefined || f.column === column) && (rule === undefined || f.rule === rule),
    );

  const bridge = {
    'datasets.detect': (req) => result(() => detectText(req.path, textOf(req.path), req.overrides)),
    'datasets.open': (req) => result(() => open(req)),
    'datasets.get': (req) => result(() => ({ ...state(req.datasetId).info })),
    'datasets.preview': (req) =>
      result(() => {
        const text = textOf(req.path);
        return previewText(text, detectText(req.path, text, req.overrides), req.rows ?? 200);
      }),
    'datasets.waitForImport': (req) => result(async () => (await ready(req.datasetId)).info.importSummary!),
    'datasets.rows': (req) =>
      result(async () => {
        const s = await ready(req.datasetId);
        return viewRows(s.table, s.findings, req);
      }),
    'datasets.rejects': (req) =>
      result(async () => {
        const s = await ready(req.datasetId);
        return {
          rejects: window(s.rejects, req.offset, req.limit),
          offset: req.offset,
          total: s.rejects.length,
        };
      }),
    'profile.get': (req) => result(async () => profileTable((await ready(req.datasetId)).table)),
    'schema.infer': (req) => result(async () => inferSchema((await ready(req.datasetId)).table)),
    'schema.get': (req) => result(async () => structuredClone(schemaOf(await ready(req.datasetId)))),
    'schema.set': (req) =>
      result(async () => {
        const s = await ready(req.datasetId);
        s.schema = structuredClone(checkSchema(req.schema, s.table.columns));
        return structuredClone(s.schema);
      }),
    'validation.run': (req) => result(() => validate(req.datasetId)),
    'findings.summary': (req) =>
      result(async (): Promise<FindingsSummary> => {
        const s = await ready(req.datasetId);
        return summarize(s.findings, s.table.rows.length, s.rejects.length);
      }),
    'findings.page': (req) =>
      result(async () => {
        const all = findingsOf(await ready(req.datasetId), req.column, req.rule);
        return { findings: window(all, req.offset, req.limit), offset: req.offset, total: all.length };
      }),
    'findings.export': (req) =>
      result(async () => {
        const all = findingsOf(await ready(req.datasetId), req.column, req.rule);
        const cell = (v: string | number | null) =>
          v === null ? '' : /[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
        const lines = all.map((f) => [f.line, f.column, f.rule, f.value, f.message].map(cell).join(','));
        files.set(req.path, ['line,column,rule,value,message', ...lines].join('\n') + '\n');
        return { path: req.path, rows: all.length };
      }),
    'jobs.cancel': (req) => result(() => ({ cancelled: jobs.cancel(req.jobId) })),
    ...notModelled([...RECIPE_METHODS, ...RUNS_METHODS, ...SYNC_METHODS, ...EMBED_METHODS]),
    on: hub.on,
  } satisfies AppBridge;

  return { ...bridge, addFile: (path, text) => void files.set(path, text) };
}

/**
 * The fake models datasets, schema and validation only (what the renderer's unit and fake-bridge e2e tests
 * are about). Recipes, runs, sync and embeddings are tested against the real engine (contract suite over the
 * engine/HTTP/IPC bridges, web-ui-engine e2e); here they answer with an error that says so.
 */
function notModelled<M extends MethodName>(methods: readonly M[]): Pick<AppApi, M> {
  const api: Record<string, () => Promise<Result<never>>> = {};
  for (const m of methods) {
    api[m] = async () => ({
      ok: false,
      error: serializeError(
        new AppError('INTERNAL', `The fake bridge does not model ${m}.`, {
          hint: 'Use the real engine (sluice serve) for this screen.',
        }),
      ),
    });
  }
  return api as unknown as Pick<AppApi, M>;
}
