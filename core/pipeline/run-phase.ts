// One phase of a run: clear what an interrupted try left, decide `when`, run the handler with retries, and
// publish its stage with its checkpoint in one transaction. A phase already committed is not run again.

import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DuckDbHandle, DuckDBConnection } from '../adapters/duckdb.js';
import { inTransaction } from '../adapters/duckdb.js';
import { AppError, isCancellation, serializeError } from '../contract/errors.js';
import type { PhaseType } from '../contract/pipeline.js';
import { quoteIdent } from '../sql/quote.js';
import { budgetExceeded } from './budget.js';
import type { ConfigValues } from './config.js';
import { classifyDuckDbError } from './duck-errors.js';
import type { PhaseEnv, PhaseHandler, PhaseResult, PipelineAdapters } from './phase-api.js';
import { countRows } from './phases/sql-util.js';
import { withRetry } from './retry.js';
import type { RunLogger } from './run-log.js';
import { bindStageViews, type StageInfo } from './stage-views.js';
import {
  deleteCheckpoints,
  insertCheckpoint,
  readCheckpoints,
  type CheckpointDetail,
  type CheckpointRow,
} from './store.js';
import { PHASE_ROW, dropStatements, objectsOwnedBy, scratchName, stageName } from './tables.js';
import type { TaskPool } from './task-pool.js';
import type { LoadedPipeline, PhaseSpec } from './types.js';
import { calendarDecision, dataDecision } from './when.js';

/** What every phase of one run shares. */
export interface RunContext {
  db: DuckDbHandle;
  conn: DuckDBConnection;
  runId: string;
  pipeline: LoadedPipeline;
  config: ConfigValues;
  sources: string[];
  startedAt: Date;
  tmpRoot: string;
  signal: AbortSignal;
  pool: TaskPool;
  adapters: PipelineAdapters;
  handlers: Partial<Record<PhaseType, PhaseHandler>>;
  secrets: Record<string, string>;
  log: RunLogger;
  now: () => Date;
  random: () => number;
}

const ms = (a: Date, b: Date) => b.getTime() - a.getTime();

/** Drops a phase's scratch objects and files (left by an interrupted or failed try). */
async function clearScratch(ctx: RunContext, phase: string, tmpDir: string): Promise<void> {
  const objs = await objectsOwnedBy(ctx.conn, scratchName(ctx.runId, phase));
  for (const sql of dropStatements(objs)) await ctx.conn.run(sql);
  await rm(tmpDir, { recursive: true, force: true });
  await mkdir(tmpDir, { recursive: true });
}

/** Undoes a failed phase's record so it runs again: committed chunks stay, a budget failure's outputs go. */
async function reopenFailed(ctx: RunContext, phase: PhaseSpec, row: CheckpointRow): Promise<void> {
  await inTransaction(ctx.conn, async () => {
    if (row.detail.budget) {
      const objs = await objectsOwnedBy(ctx.conn, stageName(ctx.runId, phase.name));
      for (const sql of dropStatements(objs)) await ctx.conn.run(sql);
      await deleteCheckpoints(ctx.conn, ctx.runId, [phase.name]);
    } else await deleteCheckpoints(ctx.conn, ctx.runId, [phase.name], 'phase-row');
  });
}

/** Runs phase `index` unless committed; returns what it produced. */
export async function runPhase(
  ctx: RunContext,
  index: number,
  input: string | undefined,
  earlier: Map<string, StageInfo>,
): Promise<StageInfo> {
  const phase = ctx.pipeline.spec.phases[index] as PhaseSpec;
  const rows = (await readCheckpoints(ctx.conn, ctx.runId)).filter((r) => r.phase === phase.name);
  const done = rows.find((r) => r.chunk === PHASE_ROW);
  if (done && (done.status === 'done' || done.status === 'skipped'))
    return stageInfo(phase, done.stage ?? undefined);
  if (done) await reopenFailed(ctx, phase, done);

  const output = stageName(ctx.runId, phase.name);
  const tmpDir = join(ctx.tmpRoot, phase.name);
  const startedAt = ctx.now();
  const base = {
    runId: ctx.runId,
    phase: phase.name,
    phaseIndex: index,
    phaseType: phase.type,
    startedAt: startedAt.toISOString(),
  };
  const checkpoint = (
    status: CheckpointRow['status'],
    stage: string | null,
    r: Partial<PhaseResult>,
    rowsOut: number,
    attempts: number,
    detail: CheckpointDetail,
  ) =>
    insertCheckpoint(ctx.conn, {
      ...base,
      chunk: PHASE_ROW,
      status,
      stage,
      rowsIn: r.rowsIn ?? 0,
      rowsOut,
      rowsRejected: r.rowsRejected ?? 0,
      findings: r.findings ?? 0,
      attempts,
      finishedAt: ctx.now().toISOString(),
      detail: { ...detail, durationMs: ms(startedAt, ctx.now()) },
    });

  await clearScratch(ctx, phase.name, tmpDir);
  const resumedChunks = rows.filter((r) => r.chunk >= 0).length;
  ctx.log.emit(
    'phase.started',
    `${phase.type} phase '${phase.name}' started${resumedChunks ? ` (resuming after ${resumedChunks} chunk(s))` : ''}.`,
    {
      phase: phase.name,
      data: { type: phase.type, index, input: input ?? null, resumedChunks },
    },
  );
  await bindStageViews(ctx.conn, input, earlier);

  const decision = calendarDecision(phase.when, ctx.startedAt, ctx.pipeline.spec.timezone);
  const skip = decision.run ? await dataDecision(ctx.conn, phase.when, phase.name) : decision;
  if (!skip.run) {
    const rowsIn = input ? await countRows(ctx.conn, input) : 0;
    await inTransaction(ctx.conn, async () => {
      if (input)
        await ctx.conn.run(`CREATE VIEW ${quoteIdent(output)} AS SELECT * FROM ${quoteIdent(input)}`);
      await checkpoint('skipped', input ? output : null, { rowsIn }, rowsIn, 0, {
        skippedReason: skip.reason ?? '',
      });
    });
    ctx.log.emit('phase.skipped', `Phase '${phase.name}' skipped: ${skip.reason}.`, { phase: phase.name });
    return input ? { stage: output } : {};
  }

  const handler = ctx.handlers[phase.type];
  if (!handler) throw new AppError('INTERNAL', `no handler for phase type ${phase.type}`);
  try {
    const { value, attempts } = await withRetry(
      phase.retry,
      async (attempt) => {
        if (attempt > 1) await clearScratch(ctx, phase.name, tmpDir);
        try {
          return await attemptPhase(
            ctx,
            handler,
            phase,
            index,
            { input, output, tmpDir, attempt, earlier },
            checkpoint,
          );
        } catch (e) {
          const err = classifyDuckDbError(e, { phase: phase.name, runId: ctx.runId });
          err.details.phase ??= phase.name;
          err.details.runId ??= ctx.runId;
          throw err;
        }
      },
      {
        signal: ctx.signal,
        random: ctx.random,
        onRetry: (n) =>
          ctx.log.emit(
            'phase.retry',
            `Phase '${phase.name}' failed (${(n.error as Error).message}); try ${n.attempt + 1} in ${n.delayMs} ms.`,
            {
              phase: phase.name,
              data: { attempt: n.attempt, delayMs: n.delayMs, error: serializeError(n.error) },
            },
          ),
      },
    );
    ctx.log.emit('phase.done', `Phase '${phase.name}' done: ${value.rowsIn} rows in, ${value.rowsOut} out.`, {
      phase: phase.name,
      data: {
        rowsIn: value.rowsIn,
        rowsOut: value.rowsOut,
        rowsRejected: value.rowsRejected ?? 0,
        findings: value.findings ?? 0,
        attempts,
        durationMs: ms(startedAt, ctx.now()),
      },
    });
    return stageInfo(phase, output);
  } catch (e) {
    const err = classifyDuckDbError(e, { phase: phase.name, runId: ctx.runId });
    if (isCancellation(err) || ctx.signal.aborted) {
      await clearScratch(ctx, phase.name, tmpDir).catch(() => {});
      throw err;
    }
    if (err.code !== 'ERROR_BUDGET_EXCEEDED') {
      await clearScratch(ctx, phase.name, tmpDir).catch(() => {});
      await checkpoint('failed', null, {}, 0, Number(err.details.attempts ?? 1), {
        error: serializeError(err),
      }).catch(() => {});
    }
    ctx.log.emit('phase.failed', `Phase '${phase.name}' failed: ${err.message}`, {
      phase: phase.name,
      data: { error: serializeError(err) },
    });
    throw err;
  }
}

function latestFindings(earlier: Map<string, StageInfo>): { findings?: string } {
  const f = [...earlier.values()].flatMap((i) => (i.findings ? [i.findings] : [])).at(-1);
  return f ? { findings: f } : {};
}

function stageInfo(phase: PhaseSpec, stage: string | undefined): StageInfo {
  return {
    ...(stage ? { stage } : {}),
    ...(stage && phase.type === 'validate' ? { findings: `${stage}__findings` } : {}),
  };
}

type Checkpoint = (
  status: CheckpointRow['status'],
  stage: string | null,
  r: Partial<PhaseResult>,
  rowsOut: number,
  attempts: number,
  detail: CheckpointDetail,
) => Promise<void>;

/** One try: the handler's work, then the atomic commit (or, over budget, a failed commit that keeps outputs). */
async function attemptPhase(
  ctx: RunContext,
  handler: PhaseHandler,
  phase: PhaseSpec,
  index: number,
  at: {
    input: string | undefined;
    output: string;
    tmpDir: string;
    attempt: number;
    earlier: Map<string, StageInfo>;
  },
  checkpoint: Checkpoint,
): Promise<PhaseResult & { rowsOut: number }> {
  const chunkRows = (await readCheckpoints(ctx.conn, ctx.runId)).filter(
    (r) => r.phase === phase.name && r.chunk >= 0,
  );
  const env: PhaseEnv = {
    db: ctx.db,
    conn: ctx.conn,
    runId: ctx.runId,
    pipeline: ctx.pipeline,
    phase,
    ...(at.input ? { input: at.input } : {}),
    output: at.output,
    scratch: scratchName(ctx.runId, phase.name),
    tmpDir: at.tmpDir,
    ...latestFindings(at.earlier),
    secrets: ctx.secrets,
    sources: ctx.sources,
    config: ctx.config,
    signal: ctx.signal,
    pool: ctx.pool,
    adapters: ctx.adapters,
    attempt: at.attempt,
    chunksDone: chunkRows.length,
    commitChunk: (chunk, statements, counts) =>
      inTransaction(ctx.conn, async () => {
        for (const sql of statements) await ctx.conn.run(sql);
        const now = ctx.now().toISOString();
        await insertCheckpoint(ctx.conn, {
          runId: ctx.runId,
          phase: phase.name,
          phaseIndex: index,
          phaseType: phase.type,
          chunk,
          status: 'chunk',
          stage: at.output,
          rowsIn: counts.rowsIn,
          rowsOut: counts.rowsOut,
          rowsRejected: 0,
          findings: 0,
          attempts: at.attempt,
          startedAt: now,
          finishedAt: now,
          detail: {},
        });
      }).then(() =>
        ctx.log.emit('phase.chunk', `Phase '${phase.name}' committed chunk ${chunk}.`, {
          phase: phase.name,
          data: { chunk, ...counts },
        }),
      ),
    progress: (() => {
      let last = 0;
      let lastSample = Date.now();
      // At most four progress events a second reach the UI; at most one a second (and the last, rows = total)
      // also goes to the log file, where runs.metrics finds rows/s samples between a phase's chunks and end.
      return (rows: number, total?: number, share?: number) => {
        const t = Date.now();
        const final = total !== undefined && rows === total;
        if (t - last < 250 && !final) return;
        last = t;
        const fraction = total !== undefined ? (total > 0 ? rows / total : 1) : share;
        const data = {
          rows,
          ...(total !== undefined ? { total } : {}),
          ...(fraction !== undefined ? { fraction } : {}),
        };
        const message = `Phase '${phase.name}': ${rows} rows.`;
        if (rows > 0 && (final || t - lastSample >= 1000)) {
          lastSample = t;
          ctx.log.emit('phase.progress', message, { phase: phase.name, data });
        } else ctx.log.notify('phase.progress', message, phase.name, data);
      };
    })(),
  };
  const r = await handler(env);
  const over = budgetExceeded(phase.errorBudget ?? ctx.pipeline.spec.errorBudget, r);
  const chunks = r.chunks ?? 1;
  return inTransaction(ctx.conn, async () => {
    for (const sql of r.commit) await ctx.conn.run(sql);
    const rowsOut = await countRows(ctx.conn, at.output);
    const detail: CheckpointDetail = { chunks, ...(r.outputs ? { outputs: r.outputs } : {}) };
    if (over) {
      const err = new AppError('ERROR_BUDGET_EXCEEDED', `Phase '${phase.name}': ${over}.`, {
        phase: phase.name,
        runId: ctx.runId,
        hint: 'Look at the findings (stage_<phase>__findings), fix the data or the recipe, or raise errorBudget.',
      });
      await checkpoint('failed', at.output, r, rowsOut, at.attempt, {
        ...detail,
        budget: true,
        error: serializeError(err),
      });
      return { ...r, rowsOut, budgetError: err };
    }
    await checkpoint('done', at.output, r, rowsOut, at.attempt, detail);
    return { ...r, rowsOut };
  }).then((res) => {
    if ('budgetError' in res && res.budgetError) throw res.budgetError;
    return res;
  });
}
