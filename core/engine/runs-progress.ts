// Turns a run's events into what the UI and the CLI show live: every event as `runs.event`, and for the
// phase in progress its rows, rows/s (since the phase started) and ETA as `runs.progress`, plus the job's
// overall fraction (phases done + the current phase's share) as `jobs.progress`.

import type { RunEvent } from '../contract/pipeline.js';
import type { EngineContext } from './context.js';
import type { ProgressUpdate } from './jobs.js';

/** The listener a run job hands to runPipeline. `holder.jobId` is set once the job exists. */
export function progressTracker(
  ctx: EngineContext,
  holder: { jobId: string },
  phaseCount: number,
  jobProgress: (p: ProgressUpdate) => void,
  now: () => number = Date.now,
): (e: RunEvent) => void {
  let index = 0;
  let started = now();
  const overall = (phaseFraction: number) =>
    phaseCount > 0 ? Math.min(1, (index + phaseFraction) / phaseCount) : 1;
  return (e) => {
    ctx.events.emit('runs.event', { ...e, jobId: holder.jobId });
    const data = e.data ?? {};
    if (e.event === 'phase.started') {
      index = typeof data.index === 'number' ? data.index : index;
      started = now();
      jobProgress({ step: e.phase ?? '', rows: 0, fraction: overall(0) });
    } else if (e.event === 'phase.done' || e.event === 'phase.skipped') {
      jobProgress({ step: e.phase ?? '', fraction: overall(1) });
    } else if (e.event === 'phase.progress' && e.phase) {
      const rows = Number(data.rows ?? 0);
      const total = typeof data.total === 'number' ? data.total : undefined;
      const elapsedMs = Math.max(1, now() - started);
      const rowsPerSec = (rows * 1000) / elapsedMs;
      // Without a row total, a phase may still know its share done (extract: bytes read): the ETA scales the
      // time so far by what is left of it.
      const share = typeof data.fraction === 'number' ? Math.min(1, Math.max(0, data.fraction)) : undefined;
      const fraction = total !== undefined ? (total > 0 ? rows / total : 1) : share;
      const etaSec =
        total !== undefined
          ? rowsPerSec > 0
            ? Math.max(0, (total - rows) / rowsPerSec)
            : undefined
          : share !== undefined && share > 0.01
            ? (elapsedMs / 1000) * ((1 - share) / share)
            : undefined;
      ctx.events.emit('runs.progress', {
        runId: e.runId,
        jobId: holder.jobId,
        phase: e.phase,
        phaseIndex: index,
        phaseCount,
        rows,
        ...(total !== undefined ? { total } : {}),
        ...(fraction !== undefined ? { fraction } : {}),
        rowsPerSec,
        ...(etaSec !== undefined ? { etaSec } : {}),
        elapsedMs,
      });
      jobProgress({
        step: e.phase,
        rows,
        rowsPerSec,
        ...(etaSec !== undefined ? { etaSec } : {}),
        fraction: overall(fraction ?? 0),
      });
    }
  };
}
