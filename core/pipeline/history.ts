// Run history: a run's record assembled from its row and its checkpoints (or, once retention purged the
// checkpoints, from the phase summary kept on the run row).

import type { DuckDbHandle, DuckDBConnection } from '../adapters/duckdb.js';
import { withConnection } from '../adapters/duckdb.js';
import { AppError } from '../contract/errors.js';
import type { PhaseRecord, RunRecord } from '../contract/pipeline.js';
import { getRunRow, listRunRows, readCheckpoints, type CheckpointRow, type RunRow } from './store.js';
import { PHASE_ROW, ensurePipelineTables } from './tables.js';
import type { PipelineSpec } from './types.js';

/** The phases of a run as recorded by its checkpoints, in pipeline order. */
export function phaseRecords(
  spec: PipelineSpec,
  checkpoints: CheckpointRow[],
  running: boolean,
): PhaseRecord[] {
  return spec.phases.map((p) => {
    const rows = checkpoints.filter((k) => k.phase === p.name);
    const row = rows.find((k) => k.chunk === PHASE_ROW);
    const chunks = rows.filter((k) => k.chunk >= 0).length;
    const rec: PhaseRecord = {
      name: p.name,
      type: p.type,
      status: row
        ? row.status === 'chunk'
          ? 'running'
          : row.status
        : chunks > 0 && running
          ? 'running'
          : 'pending',
      attempts: row?.attempts ?? 0,
      chunks: row?.detail.chunks ?? chunks,
      rowsIn: row?.rowsIn ?? 0,
      rowsOut: row?.rowsOut ?? 0,
      rowsRejected: row?.rowsRejected ?? 0,
      findings: row?.findings ?? 0,
    };
    if (row?.stage) rec.stage = row.stage;
    if (row) {
      rec.startedAt = row.startedAt;
      rec.finishedAt = row.finishedAt;
      if (row.detail.durationMs !== undefined) rec.durationMs = row.detail.durationMs;
      if (row.detail.skippedReason !== undefined) rec.skippedReason = row.detail.skippedReason;
      if (row.detail.outputs) rec.outputs = row.detail.outputs;
      if (row.detail.error) rec.error = row.detail.error;
    }
    return rec;
  });
}

/** A run's record from its row and checkpoints. */
export function runRecord(row: RunRow, checkpoints: CheckpointRow[]): RunRecord {
  const spec = JSON.parse(row.pipelineJson) as PipelineSpec;
  const phases =
    row.purgedAt && row.phasesJson
      ? (JSON.parse(row.phasesJson) as PhaseRecord[])
      : phaseRecords(spec, checkpoints, row.status === 'running');
  const committed = phases.filter((p) => p.status === 'done' || p.status === 'skipped');
  const last = committed.at(-1);
  const rec: RunRecord = {
    runId: row.runId,
    pipelineName: row.pipelineName,
    fileHash: row.fileHash,
    pipelineHash: row.pipelineHash,
    sluiceVersion: row.sluiceVersion,
    status: row.status,
    startedAt: row.startedAt,
    resumes: row.resumes,
    sources: row.sources,
    phases,
    rowsIn: phases[0]?.rowsIn ?? 0,
    rowsOut: last?.rowsOut ?? 0,
    rowsRejected: phases.reduce((n, p) => n + p.rowsRejected, 0),
    logFile: row.logFile,
  };
  if (row.pipelineFile) rec.pipelineFile = row.pipelineFile;
  if (row.finishedAt) {
    rec.finishedAt = row.finishedAt;
    rec.durationMs = Date.parse(row.finishedAt) - Date.parse(row.startedAt);
  }
  if (last?.stage && !row.purgedAt) rec.finalStage = last.stage;
  if (row.error) rec.error = row.error;
  if (row.purgedAt) rec.purgedAt = row.purgedAt;
  return rec;
}

/** A run's record on an open connection; NOT_FOUND when there is no such run. */
export async function readRunRecord(c: DuckDBConnection, runId: string): Promise<RunRecord> {
  const row = await getRunRow(c, runId);
  if (!row)
    throw new AppError('NOT_FOUND', `No run '${runId}' in this project.`, {
      runId,
      hint: "List the project's runs to find its id.",
    });
  return runRecord(row, await readCheckpoints(c, runId));
}

/** A run's record. */
export async function getRun(db: DuckDbHandle, runId: string): Promise<RunRecord> {
  return withConnection(db, async (c) => {
    await ensurePipelineTables(c);
    return readRunRecord(c, runId);
  });
}

/** Runs of a project, newest first (optionally of one pipeline). */
export async function listRuns(
  db: DuckDbHandle,
  opts: { pipelineName?: string; limit?: number } = {},
): Promise<RunRecord[]> {
  return withConnection(db, async (c) => {
    await ensurePipelineTables(c);
    const rows = await listRunRows(c, opts);
    const out: RunRecord[] = [];
    for (const row of rows) out.push(runRecord(row, await readCheckpoints(c, row.runId)));
    return out;
  });
}
