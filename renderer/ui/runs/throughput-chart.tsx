// Rows/s over the run's time: one step per sample (the mean rate since the previous sample of its phase),
// dashed lines where phases start, axes in seconds and rows/s. The label states the peak and the mean so the
// chart says the same thing to a screen reader.

import '../../styles/runs.css';
import type { RunMetrics } from '../../../core/contract/pipeline.js';
import { StateView } from '../common.js';
import { fmtInt, fmtNum, fmtRate } from '../format.js';
import { throughputSeries } from './throughput-model.js';

const WIDTH = 720;
const HEIGHT = 242;
const M = { left: 64, right: 16, top: 50, bottom: 40 };
/** Phase names over the chart: three staggered rows, a name only where it has room (else in its tooltip). */
const LABEL_ROWS = [M.top - 33, M.top - 20, M.top - 7];
const LABEL_ROOM = 60;

/** Compact axis numbers: 950, 12k, 1.2M. */
function short(v: number): string {
  if (v >= 1e6) return `${fmtNum(v / 1e6)}M`;
  if (v >= 1e3) return `${fmtNum(v / 1e3)}k`;
  return fmtNum(v);
}

/** The rows/s chart of a run, or its empty state. */
export function ThroughputChart({ metrics }: { metrics: RunMetrics }) {
  const s = throughputSeries(metrics);
  if (!s)
    return (
      <figure className="chart" aria-label="Rows per second over time">
        <figcaption className="muted">Rows/s over time</figcaption>
        <StateView title="No throughput samples yet">
          A sample is recorded each time a phase commits a chunk or ends, and about once a second while a
          phase works.
        </StateView>
      </figure>
    );
  const iw = WIDTH - M.left - M.right;
  const ih = HEIGHT - M.top - M.bottom;
  const x = (ms: number) => M.left + (ms / s.spanMs) * iw;
  const y = (r: number) => M.top + ih - s.yFrac(r) * ih;
  const label =
    `Rows per second over time: ${fmtInt(s.samples)} samples over ${fmtNum(s.spanMs / 1000)} s; ` +
    `peak ${fmtRate(s.peak.rowsPerSec)} in phase ${s.peak.phase}; mean ${fmtRate(s.meanRowsPerSec)}.`;
  const lastLabelX = LABEL_ROWS.map(() => -Infinity);
  return (
    <figure className="chart" aria-label="Rows per second over time">
      <figcaption className="muted">
        Rows/s over time · peak {fmtRate(s.peak.rowsPerSec)} ({s.peak.phase}) · mean{' '}
        {fmtRate(s.meanRowsPerSec)}
      </figcaption>
      <svg
        className="tp-svg"
        role="img"
        aria-label={label}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title>{label}</title>
        {s.yTicks.map((v) => (
          <g key={`y${v}`} className="tp-grid">
            <line x1={M.left} x2={WIDTH - M.right} y1={y(v)} y2={y(v)} />
            <text x={M.left - 6} y={y(v) + 4} textAnchor="end">
              {short(v)}
            </text>
          </g>
        ))}
        {s.xTicks.map((v) => (
          <text key={`x${v}`} className="tp-tick" x={x(v * 1000)} y={M.top + ih + 16} textAnchor="middle">
            {fmtNum(v)}
          </text>
        ))}
        {s.boundaries.map((b) => {
          const bx = x(b.tMs);
          const row = lastLabelX.findIndex((lx) => bx - lx > LABEL_ROOM);
          if (row >= 0) lastLabelX[row] = bx;
          return (
            <g key={`b${b.phase}`} className="tp-boundary">
              <title>{`${b.phase} starts at ${fmtNum(b.tMs / 1000)} s`}</title>
              <line x1={bx} x2={bx} y1={row >= 0 ? (LABEL_ROWS[row] as number) - 9 : M.top} y2={M.top + ih} />
              {row >= 0 && (
                <text x={bx + 3} y={LABEL_ROWS[row]}>
                  {b.phase}
                </text>
              )}
            </g>
          );
        })}
        {s.steps.map((st, i) => {
          const x0 = x(st.t0Ms);
          const w = Math.max(2, x(st.t1Ms) - x0);
          return (
            <g key={i} className="tp-step">
              <title>{`${st.phase}: ${fmtRate(st.rowsPerSec)} from ${fmtNum(st.t0Ms / 1000)} to ${fmtNum(
                st.t1Ms / 1000,
              )} s`}</title>
              <rect
                className="tp-area"
                x={x0}
                y={y(st.rowsPerSec)}
                width={w}
                height={M.top + ih - y(st.rowsPerSec)}
              />
              <line className="tp-line" x1={x0} x2={x0 + w} y1={y(st.rowsPerSec)} y2={y(st.rowsPerSec)} />
              <circle className="tp-dot" cx={x0 + w} cy={y(st.rowsPerSec)} r={2.5} />
            </g>
          );
        })}
        <line className="tp-axis" x1={M.left} x2={WIDTH - M.right} y1={M.top + ih} y2={M.top + ih} />
        <line className="tp-axis" x1={M.left} x2={M.left} y1={M.top} y2={M.top + ih} />
        <text className="tp-axis-label" x={M.left + iw / 2} y={HEIGHT - 6} textAnchor="middle">
          seconds since the run started
        </text>
        <text
          className="tp-axis-label"
          transform={`translate(14,${M.top + ih / 2}) rotate(-90)`}
          textAnchor="middle"
        >
          {s.scale === 'log' ? 'rows/s (log scale)' : 'rows/s'}
        </text>
      </svg>
    </figure>
  );
}
