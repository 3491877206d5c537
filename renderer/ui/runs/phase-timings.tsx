// Phase timings on the run's time axis: one bar per phase from its start to its end (a phase in progress: to
// the chart's end), with its rows/s.

import '../../styles/runs.css';
import type { RunMetrics } from '../../../core/contract/pipeline.js';
import { fmtInt } from '../format.js';

/** The phase timings chart of a run (nothing when no phase has a timing yet). */
export function PhaseTimings({ metrics }: { metrics: RunMetrics }) {
  if (metrics.phases.length === 0) return null;
  const span = Math.max(
    1,
    metrics.durationMs ?? 0,
    ...metrics.phases.map((p) => (p.startMs ?? 0) + (p.durationMs ?? 0)),
    // A run in progress: up to its latest sample, so the running phase's bar has a length.
    ...metrics.samples.map((x) => x.tMs),
  );
  return (
    <figure style={{ margin: '12px 0 0' }}>
      <figcaption className="muted">Phase timings</figcaption>
      <div className="bars timings" role="img" aria-label="Phase timings chart">
        {metrics.phases.map((p) => (
          <div className="bar-row" key={p.name}>
            <span>{p.name}</span>
            <span className="bar-track">
              {/* A phase not started has no bar; one in progress runs to the chart's end, drawn as such. */}
              {p.startMs !== undefined && (
                <span
                  className={p.durationMs === undefined ? 'running' : undefined}
                  style={{
                    left: `${(p.startMs / span) * 100}%`,
                    width: `${Math.max(0.5, ((p.durationMs ?? span - p.startMs) / span) * 100)}%`,
                  }}
                />
              )}
            </span>
            <span className="num muted">
              {p.durationMs !== undefined
                ? `${fmtInt(p.durationMs)} ms`
                : p.status === 'running'
                  ? 'running'
                  : '–'}
              {p.rowsPerSec ? ` · ${fmtInt(p.rowsPerSec)}/s` : ''}
            </span>
          </div>
        ))}
      </div>
    </figure>
  );
}
