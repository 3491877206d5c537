import { describe, expect, it } from 'vitest';
import type { RunMetrics } from '../../../core/contract/pipeline.js';
import { niceStep, throughputSeries } from './throughput-model.js';

const base = { runId: 'r', startedAt: '2026-01-01T00:00:00.000Z' };

describe('throughput series', () => {
  it('is null without samples (the chart shows its empty state)', () => {
    expect(throughputSeries({ ...base, phases: [], samples: [] })).toBeNull();
  });

  it('draws each sample as a step from its phase start or previous sample; peak, mean and ticks', () => {
    const m: RunMetrics = {
      ...base,
      durationMs: 4000,
      phases: [
        {
          name: 'extract',
          type: 'extract',
          status: 'done',
          startMs: 0,
          durationMs: 1000,
          rowsIn: 1000,
          rowsOut: 1000,
        },
        {
          name: 'js',
          type: 'custom',
          status: 'done',
          startMs: 1000,
          durationMs: 3000,
          rowsIn: 3000,
          rowsOut: 3000,
        },
        { name: 'never', type: 'load', status: 'pending', rowsIn: 0, rowsOut: 0 },
      ],
      samples: [
        { tMs: 1000, phase: 'extract', rows: 1000, rowsPerSec: 1000 },
        { tMs: 2000, phase: 'js', rows: 2500, rowsPerSec: 2500 },
        { tMs: 4000, phase: 'js', rows: 3000, rowsPerSec: 250 },
      ],
    };
    const s = throughputSeries(m)!;
    expect(s.steps.map((x) => [x.phase, x.t0Ms, x.t1Ms, x.rowsPerSec])).toEqual([
      ['extract', 0, 1000, 1000],
      ['js', 1000, 2000, 2500],
      ['js', 2000, 4000, 250],
    ]);
    expect(s.peak).toEqual({ rowsPerSec: 2500, phase: 'js', tMs: 2000 });
    // 4,000 rows in 4 s of phases.
    expect(s.meanRowsPerSec).toBeCloseTo(1000, 6);
    expect(s.boundaries).toEqual([
      { phase: 'extract', tMs: 0 },
      { phase: 'js', tMs: 1000 },
    ]);
    expect(s.spanMs).toBe(4000);
    expect(s.scale).toBe('linear');
    expect(s.yTicks).toEqual([0, 1000, 2000, 3000]);
    expect([s.yFrac(0), s.yFrac(1500), s.yFrac(3000)]).toEqual([0, 0.5, 1]);
    expect(s.xTicks).toEqual([0, 1, 2, 3, 4]);
    expect(s.samples).toBe(3);
  });

  it('turns the y axis logarithmic when a slow phase sits beside fast ones; skipped phases draw no line', () => {
    const s = throughputSeries({
      ...base,
      phases: [
        {
          name: 'fast',
          type: 'extract',
          status: 'done',
          startMs: 0,
          durationMs: 100,
          rowsIn: 9000,
          rowsOut: 9000,
        },
        { name: 'off', type: 'transform', status: 'skipped', startMs: 100, rowsIn: 0, rowsOut: 0 },
        {
          name: 'slow',
          type: 'custom',
          status: 'done',
          startMs: 100,
          durationMs: 3000,
          rowsIn: 9000,
          rowsOut: 9000,
        },
      ],
      samples: [
        { tMs: 100, phase: 'fast', rows: 9000, rowsPerSec: 90_000 },
        { tMs: 1600, phase: 'slow', rows: 4500, rowsPerSec: 2000 },
        { tMs: 3100, phase: 'slow', rows: 9000, rowsPerSec: 2000 },
        { tMs: 3100, phase: 'empty', rows: 0, rowsPerSec: 0 },
      ],
    })!;
    expect(s.scale).toBe('log');
    expect(s.yTicks).toEqual([1000, 10_000, 100_000]);
    expect([s.yFrac(0), s.yFrac(1000), s.yFrac(10_000), s.yFrac(100_000)]).toEqual([0, 0, 0.5, 1]);
    expect(s.boundaries.map((b) => b.phase)).toEqual(['fast', 'slow']);
  });

  it('rounds steps to 1, 2 or 5 times a power of ten', () => {
    expect([niceStep(10), niceStep(3), niceStep(0.35), niceStep(7_400_000), niceStep(0)]).toEqual([
      5, 1, 0.1, 2_000_000, 1,
    ]);
  });
});
