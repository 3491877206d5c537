import { describe, expect, it } from 'vitest';
import type { RunEvent, RunProgress } from '../contract/pipeline.js';
import type { EngineContext } from './context.js';
import { createEventHub } from './events.js';
import type { ProgressUpdate } from './jobs.js';
import { progressTracker } from './runs-progress.js';

const ev = (event: RunEvent['event'], data: Record<string, unknown>): RunEvent => ({
  ts: '2026-01-01T00:00:00.000Z',
  runId: 'r1',
  phase: 'p',
  level: 'info',
  event,
  message: event,
  data,
});

function track() {
  const events = createEventHub();
  const seen: RunProgress[] = [];
  const jobs: ProgressUpdate[] = [];
  events.on('runs.progress', (p) => seen.push(p));
  let t = 0;
  const onEvent = progressTracker(
    { events } as EngineContext,
    { jobId: 'j1' },
    2,
    (p) => jobs.push(p),
    () => t,
  );
  return { onEvent, seen, jobs, at: (ms: number) => (t = ms) };
}

describe('progressTracker', () => {
  it('gives rows/s, fraction and ETA from a row total', () => {
    const x = track();
    x.onEvent(ev('phase.started', { index: 1 }));
    x.at(2000);
    x.onEvent(ev('phase.progress', { rows: 500, total: 2000 }));
    expect(x.seen.at(-1)).toMatchObject({
      rows: 500,
      total: 2000,
      fraction: 0.25,
      rowsPerSec: 250,
      etaSec: 6,
    });
    expect(x.jobs.at(-1)).toMatchObject({ fraction: (1 + 0.25) / 2, etaSec: 6 });
  });

  it('gives an ETA from the share done when the phase knows no row total (extract: bytes)', () => {
    const x = track();
    x.onEvent(ev('phase.started', { index: 0 }));
    x.at(3000);
    x.onEvent(ev('phase.progress', { rows: 900, fraction: 0.75 }));
    const p = x.seen.at(-1);
    expect(p).toMatchObject({ rows: 900, fraction: 0.75, rowsPerSec: 300, etaSec: 1 });
    expect(p?.total).toBeUndefined();
  });

  it('gives no ETA without a total or a share, nor from a share too small to tell', () => {
    const x = track();
    x.onEvent(ev('phase.started', { index: 0 }));
    x.at(1000);
    x.onEvent(ev('phase.progress', { rows: 10 }));
    x.onEvent(ev('phase.progress', { rows: 10, fraction: 0.001 }));
    expect(x.seen.map((p) => p.etaSec)).toEqual([undefined, undefined]);
  });
});
