// What the rows/s chart draws, as plain data. Each sample is the mean rate since the previous sample of its
// phase (or the phase's start), so it is drawn as a step over that interval, not as a point joined to the
// next one: a phase that committed one sample is one flat step as wide as the phase.

import type { RunMetrics } from '../../../core/contract/pipeline.js';

/** One step of the chart: a phase's mean rate over [t0Ms, t1Ms] (ms since the run started). */
export interface ThroughputStep {
  phase: string;
  t0Ms: number;
  t1Ms: number;
  rowsPerSec: number;
  /** The rows done in the interval. */
  rows: number;
}

/** The series, its scale and its figures. */
export interface ThroughputSeries {
  steps: ThroughputStep[];
  /** Where each phase that ran starts (ms since the run started), in time order. */
  boundaries: { phase: string; tMs: number }[];
  spanMs: number;
  /**
   * 'log' when the rates differ by more than LOG_RATIO (a slow chunked phase next to fast whole-table ones
   * would otherwise lie flat on the axis).
   */
  scale: 'linear' | 'log';
  /** Where a rate sits on the y axis, 0 (bottom) to 1 (top). */
  yFrac: (rowsPerSec: number) => number;
  yTicks: number[];
  /** Ticks of the x axis, in seconds. */
  xTicks: number[];
  peak: { rowsPerSec: number; phase: string; tMs: number };
  /** Rows over the time the phases with samples took: the time-weighted mean of the steps. */
  meanRowsPerSec: number;
  samples: number;
}

/** Above this ratio between the highest and the lowest non-zero rate, the y axis is logarithmic. */
export const LOG_RATIO = 30;

/** A round step (1, 2 or 5 × 10^k) giving about `count` ticks up to `max`. */
export function niceStep(max: number, count = 4): number {
  if (!(max > 0)) return 1;
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

function ticks(max: number, step: number): number[] {
  const out: number[] = [];
  // Rounded so 0.1 + 0.2 style sums do not print as 0.30000000000000004.
  for (let v = 0; v <= max + step / 1e6; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** The chart's series from a run's metrics; null when the run recorded no sample. */
export function throughputSeries(m: RunMetrics): ThroughputSeries | null {
  if (m.samples.length === 0) return null;
  const startOf = new Map(m.phases.map((p) => [p.name, p.startMs]));
  const lastAt = new Map<string, number>();
  const steps: ThroughputStep[] = [];
  for (const s of [...m.samples].sort((a, b) => a.tMs - b.tMs)) {
    const t0 = lastAt.get(s.phase) ?? startOf.get(s.phase) ?? steps.at(-1)?.t1Ms ?? 0;
    const from = Math.min(t0, s.tMs);
    steps.push({
      phase: s.phase,
      t0Ms: from,
      t1Ms: s.tMs,
      rowsPerSec: s.rowsPerSec,
      rows: (s.rowsPerSec * Math.max(1, s.tMs - from)) / 1000,
    });
    lastAt.set(s.phase, s.tMs);
  }
  const peakStep = steps.reduce((a, b) => (b.rowsPerSec > a.rowsPerSec ? b : a));
  const busyMs = steps.reduce((a, s) => a + Math.max(1, s.t1Ms - s.t0Ms), 0);
  const rows = steps.reduce((a, s) => a + s.rows, 0);
  const spanMs = Math.max(
    1,
    m.durationMs ?? 0,
    steps.at(-1)?.t1Ms ?? 0,
    ...m.phases.map((p) => (p.startMs ?? 0) + (p.durationMs ?? 0)),
  );
  const peak = peakStep.rowsPerSec;
  const low = Math.min(...steps.map((x) => x.rowsPerSec).filter((r) => r > 0));
  let scale: ThroughputSeries['scale'] = 'linear';
  let yFrac: ThroughputSeries['yFrac'];
  let yTicks: number[];
  if (Number.isFinite(low) && peak / low > LOG_RATIO) {
    scale = 'log';
    const lo = Math.floor(Math.log10(low));
    const hi = Math.max(lo + 1, Math.ceil(Math.log10(peak)));
    yFrac = (r) => (Math.log10(Math.max(r, 10 ** lo)) - lo) / (hi - lo);
    yTicks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  } else {
    const yStep = niceStep(peak);
    const yMax = Math.max(yStep, Math.ceil(peak / yStep) * yStep);
    yFrac = (r) => r / yMax;
    yTicks = ticks(yMax, yStep);
  }
  const xStep = niceStep(spanMs / 1000, 5);
  const boundaries = m.phases
    // Skipped phases did no work: no sample, no line.
    .filter((p) => p.startMs !== undefined && p.status !== 'pending' && p.status !== 'skipped')
    .map((p) => ({ phase: p.name, tMs: p.startMs as number }))
    .sort((a, b) => a.tMs - b.tMs);
  return {
    steps,
    boundaries,
    spanMs,
    scale,
    yFrac,
    yTicks,
    xTicks: ticks(spanMs / 1000, xStep),
    peak: { rowsPerSec: peakStep.rowsPerSec, phase: peakStep.phase, tMs: peakStep.t1Ms },
    meanRowsPerSec: (rows * 1000) / busyMs,
    samples: m.samples.length,
  };
}
