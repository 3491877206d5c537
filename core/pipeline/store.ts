// Reading and writing the runner's rows (sluice_runs, sluice_checkpoints). Callers own transactions.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { AppErrorData } from '../contract/errors.js';
import type { DestinationOutput, PhaseType, RunStatus } from '../contract/pipeline.js';
import { PHASE_ROW } from './tables.js';

/** A sluice_runs row, decoded. */
export interface RunRow {
  runId: string;
  pipelineName: string;
  pipelineFile: string | null;
  fileHash: string;
  pipelineHash: string;
  pipelineJson: string;
  config: Record<string, number>;
  sources: string[];
  sluiceVersion: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  resumes: number;
  error: AppErrorData | null;
  phasesJson: string | null;
  purgedAt: string | null;
  logFile: string;
}

/** What a checkpoint row carries beyond its counts. */
export interface CheckpointDetail {
  skippedReason?: string;
  outputs?: DestinationOutput[];
  error?: AppErrorData;
  /** Chunks a chunked phase committed. */
  chunks?: number;
  durationMs?: number;
  /** True when the phase failed on its error budget (its outputs are kept for inspection). */
  budget?: boolean;
}

/** A sluice_checkpoints row, decoded. */
export interface CheckpointRow {
  runId: string;
  phase: string;
  phaseIndex: number;
  phaseType: PhaseType;
  chunk: number;
  status: 'done' | 'skipped' | 'failed' | 'chunk';
  stage: string | null;
  rowsIn: number;
  rowsOut: number;
  rowsRejected: number;
  findings: number;
  attempts: number;
  startedAt: string;
  finishedAt: string;
  detail: CheckpointDetail;
}

const json = <T>(s: unknown, fallback: T): T => (typeof s === 'string' ? (JSON.parse(s) as T) : fallback);
const str = (v: unknown) => (v == null ? null : String(v));

/** Inserts a new run row. */
export async function insertRun(c: DuckDBConnection, r: RunRow): Promise<void> {
  await c.run(`INSERT INTO sluice_runs VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`, [
    r.runId,
    r.pipelineName,
    r.pipelineFile,
    r.fileHash,
    r.pipelineHash,
    r.pipelineJson,
    JSON.stringify(r.config),
    JSON.stringify(r.sources),
    r.sluiceVersion,
    r.status,
    r.startedAt,
    r.finishedAt,
    r.resumes,
    r.error ? JSON.stringify(r.error) : null,
    r.phasesJson,
    r.purgedAt,
    r.logFile,
  ]);
}

/** Updates a run's status (and when it finished, its error, its resume count, its phase summary). */
export async function updateRun(
  c: DuckDBConnection,
  runId: string,
  patch: {
    status?: RunStatus;
    finishedAt?: string | null;
    error?: AppErrorData | null;
    resumes?: number;
    phasesJson?: string;
    purgedAt?: string;
  },
): Promise<void> {
  const sets: string[] = [];
  const values: (string | number | null)[] = [runId];
  const add = (col: string, v: string | number | null) => {
    values.push(v);
    sets.push(`${col} = $${values.length}`);
  };
  if (patch.status !== undefined) add('status', patch.status);
  if (patch.finishedAt !== undefined) add('finished_at', patch.finishedAt);
  if (patch.error !== undefined) add('error_json', patch.error ? JSON.stringify(patch.error) : null);
  if (patch.resumes !== undefined) add('resumes', patch.resumes);
  if (patch.phasesJson !== undefined) add('phases_json', patch.phasesJson);
  if (patch.purgedAt !== undefined) add('purged_at', patch.purgedAt);
  if (sets.length) await c.run(`UPDATE sluice_runs SET ${sets.join(', ')} WHERE run_id = $1`, values);
}

function runRow(o: Record<string, unknown>): RunRow {
  return {
    runId: String(o.run_id),
    pipelineName: String(o.pipeline_name),
    pipelineFile: str(o.pipeline_file),
    fileHash: String(o.file_hash),
    pipelineHash: String(o.pipeline_hash),
    pipelineJson: String(o.pipeline_json),
    config: json(o.config_json, {}),
    sources: json(o.sources_json, []),
    sluiceVersion: String(o.sluice_version),
    status: o.status as RunStatus,
    startedAt: String(o.started_at),
    finishedAt: str(o.finished_at),
    resumes: Number(o.resumes),
    error: json(o.error_json, null),
    phasesJson: str(o.phases_json),
    purgedAt: str(o.purged_at),
    logFile: String(o.log_file),
  };
}

/** One run row, or null. */
export async function getRunRow(c: DuckDBConnection, runId: string): Promise<RunRow | null> {
  const r = await c.runAndReadAll(`SELECT * FROM sluice_runs WHERE run_id = $1`, [runId]);
  const o = r.getRowObjectsJS()[0];
  return o ? runRow(o) : null;
}

/** Run rows, newest first. */
export async function listRunRows(
  c: DuckDBConnection,
  opts: { pipelineName?: string; limit?: number } = {},
): Promise<RunRow[]> {
  const where = opts.pipelineName === undefined ? '' : 'WHERE pipeline_name = $1';
  const r = await c.runAndReadAll(
    `SELECT * FROM sluice_runs ${where} ORDER BY started_at DESC, run_id DESC LIMIT ${Math.max(0, Math.trunc(opts.limit ?? 1000))}`,
    opts.pipelineName === undefined ? [] : [opts.pipelineName],
  );
  return r.getRowObjectsJS().map(runRow);
}

/** Inserts a checkpoint row. */
export async function insertCheckpoint(c: DuckDBConnection, k: CheckpointRow): Promise<void> {
  await c.run(`INSERT INTO sluice_checkpoints VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`, [
    k.runId,
    k.phase,
    k.phaseIndex,
    k.phaseType,
    k.chunk,
    k.status,
    k.stage,
    k.rowsIn,
    k.rowsOut,
    k.rowsRejected,
    k.findings,
    k.attempts,
    k.startedAt,
    k.finishedAt,
    JSON.stringify(k.detail),
  ]);
}

/** A run's checkpoint rows, in phase then chunk order. */
export async function readCheckpoints(c: DuckDBConnection, runId: string): Promise<CheckpointRow[]> {
  const r = await c.runAndReadAll(
    `SELECT * FROM sluice_checkpoints WHERE run_id = $1 ORDER BY phase_index, chunk`,
    [runId],
  );
  return r.getRowObjectsJS().map((o) => ({
    runId: String(o.run_id),
    phase: String(o.phase),
    phaseIndex: Number(o.phase_index),
    phaseType: o.phase_type as PhaseType,
    chunk: Number(o.chunk),
    status: o.status as CheckpointRow['status'],
    stage: str(o.stage),
    rowsIn: Number(o.rows_in),
    rowsOut: Number(o.rows_out),
    rowsRejected: Number(o.rows_rejected),
    findings: Number(o.findings),
    attempts: Number(o.attempts),
    startedAt: String(o.started_at),
    finishedAt: String(o.finished_at),
    detail: json(o.detail_json, {}),
  }));
}

/** Deletes checkpoint rows of some phases of a run (all chunks, or only the phase row). */
export async function deleteCheckpoints(
  c: DuckDBConnection,
  runId: string,
  phases: string[],
  only: 'all' | 'phase-row' = 'all',
): Promise<void> {
  if (!phases.length) return;
  const list = phases.map((_, i) => `$${i + 2}`).join(',');
  const chunk = only === 'phase-row' ? ` AND chunk = ${PHASE_ROW}` : '';
  await c.run(`DELETE FROM sluice_checkpoints WHERE run_id = $1 AND phase IN (${list})${chunk}`, [
    runId,
    ...phases,
  ]);
}
