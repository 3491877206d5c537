import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent, RunRecord } from '../contract/pipeline.js';
import { logPage, readRunLog, runMetrics, throughput } from './runs-read.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const ev = (
  ms: number,
  event: RunEvent['event'],
  phase?: string,
  data?: Record<string, unknown>,
): RunEvent => ({
  ts: new Date(T0 + ms).toISOString(),
  runId: 'r1',
  ...(phase ? { phase } : {}),
  level: event.endsWith('failed') ? 'error' : 'info',
  event,
  message: event,
  ...(data ? { data } : {}),
});

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('throughput', () => {
  it('samples each chunk with the rate since the previous one, and whole phases once', () => {
    const s = throughput(
      [
        ev(0, 'run.started'),
        ev(0, 'phase.started', 'a'),
        ev(1000, 'phase.done', 'a', { rowsIn: 500 }),
        ev(1000, 'phase.started', 'b'),
        ev(1500, 'phase.chunk', 'b', { rowsIn: 100 }),
        ev(2500, 'phase.chunk', 'b', { rowsIn: 100 }),
        ev(2600, 'phase.done', 'b', { rowsIn: 200 }),
      ],
      T0,
    );
    expect(s).toEqual([
      { tMs: 1000, phase: 'a', rows: 500, rowsPerSec: 500 },
      { tMs: 1500, phase: 'b', rows: 100, rowsPerSec: 200 },
      { tMs: 2500, phase: 'b', rows: 200, rowsPerSec: 100 },
    ]);
  });

  it('samples a whole-table phase from its logged progress, then its end, without counting a chunk twice', () => {
    const s = throughput(
      [
        ev(0, 'phase.started', 'extract'),
        ev(1000, 'phase.progress', 'extract', { rows: 300, fraction: 0.3 }),
        ev(2000, 'phase.progress', 'extract', { rows: 800, fraction: 0.8 }),
        ev(2500, 'phase.done', 'extract', { rowsIn: 1000 }),
        ev(2500, 'phase.started', 'c'),
        ev(3000, 'phase.chunk', 'c', { rowsIn: 100 }),
        // The progress a chunked phase reports right after its chunk says nothing new.
        ev(3000, 'phase.progress', 'c', { rows: 100, total: 200 }),
        ev(3500, 'phase.chunk', 'c', { rowsIn: 100 }),
        ev(3500, 'phase.progress', 'c', { rows: 200, total: 200 }),
        ev(3600, 'phase.done', 'c', { rowsIn: 200 }),
      ],
      T0,
    );
    expect(s).toEqual([
      { tMs: 1000, phase: 'extract', rows: 300, rowsPerSec: 300 },
      { tMs: 2000, phase: 'extract', rows: 800, rowsPerSec: 500 },
      { tMs: 2500, phase: 'extract', rows: 1000, rowsPerSec: 400 },
      { tMs: 3000, phase: 'c', rows: 100, rowsPerSec: 200 },
      { tMs: 3500, phase: 'c', rows: 200, rowsPerSec: 200 },
    ]);
  });

  it("ends a load's curve at its progress total (rows written), not at its input rows", () => {
    const s = throughput(
      [
        ev(0, 'phase.started', 'load'),
        ev(1000, 'phase.progress', 'load', { rows: 400, total: 600 }),
        ev(1500, 'phase.progress', 'load', { rows: 600, total: 600 }),
        ev(1510, 'phase.done', 'load', { rowsIn: 300 }),
      ],
      T0,
    );
    expect(s).toEqual([
      { tMs: 1000, phase: 'load', rows: 400, rowsPerSec: 400 },
      { tMs: 1500, phase: 'load', rows: 600, rowsPerSec: 400 },
    ]);
  });

  it('restarts a phase count when the phase starts again (a resume)', () => {
    const s = throughput(
      [
        ev(0, 'phase.started', 'b'),
        ev(100, 'phase.chunk', 'b', { rowsIn: 10 }),
        ev(5000, 'phase.started', 'b'),
        ev(5100, 'phase.chunk', 'b', { rowsIn: 10 }),
      ],
      T0,
    );
    expect(s.map((x) => [x.tMs, x.rows])).toEqual([
      [100, 10],
      [5100, 10],
    ]);
  });
});

describe('run log pages', () => {
  it('skips a line cut by a crash, filters by phase and level, and pages', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-runlog-'));
    const file = join(dir, 'r1.jsonl');
    const lines = [
      ev(0, 'run.started'),
      ev(1, 'phase.started', 'a'),
      ev(2, 'phase.failed', 'a'),
      ev(3, 'phase.started', 'b'),
    ];
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"ts":"2026-01-01T00:0`);
    expect(await readRunLog(file)).toHaveLength(4);
    expect(await readRunLog(join(dir, 'missing.jsonl'))).toEqual([]);
    const rec = { runId: 'r1', logFile: file } as RunRecord;
    expect((await logPage(rec, { phase: 'a' })).events.map((e) => e.event)).toEqual([
      'phase.started',
      'phase.failed',
    ]);
    expect((await logPage(rec, { minLevel: 'error' })).events.map((e) => e.event)).toEqual(['phase.failed']);
    const page = await logPage(rec, { offset: 1, limit: 2 });
    expect(page).toMatchObject({ total: 4, offset: 1 });
    expect(page.events.map((e) => e.event)).toEqual(['phase.started', 'phase.failed']);
  });
});

describe('run metrics', () => {
  it('times a phase in progress from its start in the log (the record lags until it ends)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-runmetrics-'));
    const file = join(dir, 'r1.jsonl');
    const lines = [
      ev(0, 'run.started'),
      ev(0, 'phase.started', 'a'),
      ev(1000, 'phase.done', 'a', { rowsIn: 500 }),
      ev(1200, 'phase.started', 'b'),
      ev(2200, 'phase.progress', 'b', { rows: 100 }),
    ];
    writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const phase = (name: string, status: 'done' | 'pending' | 'running', extra = {}) => ({
      name,
      type: 'custom' as const,
      status,
      attempts: 1,
      chunks: 1,
      rowsIn: 0,
      rowsOut: 0,
      rowsRejected: 0,
      findings: 0,
      ...extra,
    });
    const rec = {
      runId: 'r1',
      logFile: file,
      status: 'running',
      startedAt: new Date(T0).toISOString(),
      phases: [
        phase('a', 'done', { startedAt: new Date(T0).toISOString(), durationMs: 1000, rowsIn: 500 }),
        // A chunked phase that committed chunks says "running", still without a start.
        phase('b', 'running', { chunks: 1 }),
        phase('c', 'pending'),
      ],
    } as unknown as RunRecord;
    const m = await runMetrics(rec);
    expect(m.phases.map((p) => [p.name, p.status, p.startMs])).toEqual([
      ['a', 'done', 0],
      ['b', 'running', 1200],
      ['c', 'pending', undefined],
    ]);
    expect(m.samples.map((x) => [x.phase, x.rows])).toEqual([
      ['a', 500],
      ['b', 100],
    ]);
    // Once the run is over, the record is the truth (an interrupted phase is not "running").
    const over = await runMetrics({ ...rec, status: 'failed' });
    expect(over.phases[1]).toMatchObject({ status: 'running' });
    expect(over.phases[1]?.startMs).toBeUndefined();
  });
});
