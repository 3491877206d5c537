// Reading run history for the runs screen: a run's structured log (paged, filtered) and its metrics (phase
// timings from the checkpoints, rows/s over time from the log's chunk, progress and phase events).

import { readFile } from 'node:fs/promises';
import type {
  PhaseTiming,
  RunEvent,
  RunLogPage,
  RunMetrics,
  RunRecord,
  ThroughputSample,
} from '../contract/pipeline.js';

const LEVELS = { info: 0, warn: 1, error: 2 } as const;

/** Every event of a run's log file (a line cut by a kill -9 is skipped; a missing file is an empty log). */
export async function readRunLog(file: string): Promise<RunEvent[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  const out: RunEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as RunEvent);
    } catch {
      // Only the last line can be partial (appends are whole lines); keep reading regardless.
    }
  }
  return out;
}

/** A page of the log, optionally of one phase and from a level up. */
export async function logPage(
  rec: RunRecord,
  q: { offset?: number; limit?: number; phase?: string; minLevel?: RunEvent['level'] },
): Promise<RunLogPage> {
  const min = LEVELS[q.minLevel ?? 'info'];
  const all = (await readRunLog(rec.logFile)).filter(
    (e) => (q.phase === undefined || e.phase === q.phase) && LEVELS[e.level] >= min,
  );
  const offset = Math.max(0, Math.trunc(q.offset ?? 0));
  const limit = Math.max(0, Math.trunc(q.limit ?? 500));
  return {
    runId: rec.runId,
    logFile: rec.logFile,
    total: all.length,
    offset,
    events: all.slice(offset, offset + limit),
  };
}

/** Phases the log says started since the run last (re)started and did not end: the record lags for those. */
function startedNow(events: RunEvent[]): Map<string, number> {
  const open = new Map<string, number>();
  for (const e of events) {
    if (e.event === 'run.started' || e.event === 'run.resumed') open.clear();
    else if (e.phase && e.event === 'phase.started') open.set(e.phase, Date.parse(e.ts));
    else if (e.phase && /^phase\.(done|skipped|failed)$/.test(e.event)) open.delete(e.phase);
  }
  return open;
}

/** Phase timings and throughput samples. */
export async function runMetrics(rec: RunRecord): Promise<RunMetrics> {
  const t0 = Date.parse(rec.startedAt);
  const events = await readRunLog(rec.logFile);
  // A phase in progress has no timing in the record until it ends; its start comes from the log.
  const running = rec.status === 'running' ? startedNow(events) : new Map<string, number>();
  const phases: PhaseTiming[] = rec.phases.map((p) => {
    const t: PhaseTiming = {
      name: p.name,
      type: p.type,
      status: p.status,
      rowsIn: p.rowsIn,
      rowsOut: p.rowsOut,
    };
    // Pending, or running with chunks committed: either way the record has no start until the phase ends.
    const live =
      !p.startedAt && (p.status === 'pending' || p.status === 'running') ? running.get(p.name) : undefined;
    if (live !== undefined) {
      t.status = 'running';
      t.startMs = live - t0;
    } else if (p.startedAt) t.startMs = Date.parse(p.startedAt) - t0;
    if (p.durationMs !== undefined) {
      t.durationMs = p.durationMs;
      if (p.durationMs > 0) t.rowsPerSec = (p.rowsIn * 1000) / p.durationMs;
    }
    return t;
  });
  return {
    runId: rec.runId,
    startedAt: rec.startedAt,
    ...(rec.durationMs !== undefined ? { durationMs: rec.durationMs } : {}),
    phases,
    samples: throughput(events, t0),
  };
}

/**
 * rows/s samples: one per committed chunk, one per logged progress event (whole-table phases log one a second
 * as they go), one when a phase ends (resumed phases restart their count).
 */
export function throughput(events: RunEvent[], t0: number): ThroughputSample[] {
  const out: ThroughputSample[] = [];
  const at = new Map<string, { t: number; rows: number; complete?: boolean }>();
  for (const e of events) {
    if (!e.phase) continue;
    const t = Date.parse(e.ts);
    const d = e.data ?? {};
    if (e.event === 'phase.started') at.set(e.phase, { t, rows: 0 });
    const last = at.get(e.phase);
    if (!last) continue;
    // Progress that reached its total drew the whole phase; its end (which counts input rows, where a load
    // counted rows written) adds nothing.
    if (e.event === 'phase.done' && last.complete) continue;
    if (e.event === 'phase.progress' && typeof d.total === 'number' && Number(d.rows ?? 0) >= d.total)
      last.complete = true;
    let rows: number | undefined;
    if (e.event === 'phase.chunk') rows = last.rows + Number(d.rowsIn ?? 0);
    else if (e.event === 'phase.done') rows = Math.max(last.rows, Number(d.rowsIn ?? 0));
    // Logged progress (at most one a second) counts rows since the phase (re)started; a chunked phase's
    // progress right after its chunk adds nothing new.
    else if (e.event === 'phase.progress' && Number(d.rows ?? 0) > last.rows) rows = Number(d.rows);
    // A chunked phase's end adds nothing new: its chunks already drew the curve.
    if (rows === undefined || (e.event === 'phase.done' && rows === last.rows && rows > 0)) continue;
    const dt = Math.max(1, t - last.t);
    out.push({ tMs: t - t0, phase: e.phase, rows, rowsPerSec: ((rows - last.rows) * 1000) / dt });
    at.set(e.phase, { t, rows, complete: last.complete });
  }
  return out;
}
