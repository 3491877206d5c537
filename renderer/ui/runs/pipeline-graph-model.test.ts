import { describe, expect, it } from 'vitest';
import type { PhaseRecord, RunPlan, RunRecord } from '../../../core/contract/pipeline.js';
import { destinationText, planGraph, runGraph } from './pipeline-graph-model.js';

const plan: RunPlan = {
  pipelineName: 'orders',
  pipelineHash: 'h1',
  sources: ['/d/orders.csv'],
  config: {},
  phases: [
    { name: 'extract', type: 'extract', decision: 'run' },
    { name: 'check', type: 'validate', decision: 'at-run-time', reason: 'data condition: count(*) > 0' },
    { name: 'weekly', type: 'transform', decision: 'skip', reason: 'the run started on mon, not fri' },
    { name: 'load', type: 'load', decision: 'run' },
  ],
};

function phase(
  name: string,
  type: PhaseRecord['type'],
  status: PhaseRecord['status'],
  extra = {},
): PhaseRecord {
  return {
    name,
    type,
    status,
    attempts: 1,
    chunks: 1,
    rowsIn: 0,
    rowsOut: 0,
    rowsRejected: 0,
    findings: 0,
    ...extra,
  };
}

function run(phases: PhaseRecord[], hash = 'h1'): RunRecord {
  return {
    runId: 'r1',
    pipelineName: 'orders',
    fileHash: 'f',
    pipelineHash: hash,
    sluiceVersion: '1',
    status: 'running',
    startedAt: '2026-01-01T00:00:00.000Z',
    resumes: 0,
    sources: [],
    phases,
    rowsIn: 0,
    rowsOut: 0,
    rowsRejected: 0,
    logFile: '/l',
  };
}

const written = phase('load', 'load', 'done', {
  rowsIn: 90,
  rowsOut: 90,
  outputs: [
    { destination: 'clean', type: 'parquet', path: '/d/out/clean.parquet', rows: 90 },
    { destination: 'warehouse', type: 'postgres', table: 'sales.orders', rows: 90, jobId: 'j' },
  ],
});

/** A plan as the engine gives it now: each phase's condition in words, each load's destinations. */
const fullPlan: RunPlan = {
  ...plan,
  phases: [
    { name: 'extract', type: 'extract', decision: 'run' },
    {
      name: 'check',
      type: 'validate',
      decision: 'at-run-time',
      reason: 'data condition: count(*) > 0',
      when: 'count(*) > 0',
    },
    {
      name: 'weekly',
      type: 'transform',
      decision: 'skip',
      reason: 'the run started on mon, not fri',
      when: 'on fri',
    },
    { name: 'daily', type: 'transform', decision: 'run', when: "cron '0 6 * * *'" },
    {
      name: 'load',
      type: 'load',
      decision: 'run',
      destinations: [
        { name: 'clean', type: 'parquet', path: '/d/out/clean.parquet' },
        { name: 'warehouse', type: 'postgres', table: 'sales.orders', connection: 'prod' },
      ],
    },
  ],
};

describe('pipeline graph model', () => {
  it("draws a plan from its own conditions and destinations, before any run, and a passing condition's text", () => {
    const g = planGraph(fullPlan, null);
    expect(g.nodes.map((n) => [n.name, n.decision, n.condition, n.detail])).toEqual([
      ['extract', 'run', undefined, 'will run'],
      ['check', 'at-run-time', 'when count(*) > 0', 'decided at run time'],
      ['weekly', 'skip', 'when on fri', 'will be skipped: the run started on mon, not fri'],
      ['daily', 'run', "when cron '0 6 * * *'", 'will run'],
      ['load', 'run', undefined, 'will run'],
    ]);
    expect(g.nodes[2]!.label).toBe(
      'Phase weekly (transform): pending; will be skipped: the run started on mon, not fri; condition: when on fri.',
    );
    expect(g.nodes[4]!.destinations.map(destinationText)).toEqual([
      'clean (Parquet file clean.parquet)',
      'warehouse (PostgreSQL table sales.orders on prod)',
    ]);
    expect(g.summary).toBe('Plan of pipeline orders: 5 phases (1 to be skipped), 2 destinations.');
    // The plan's own destinations win over what an earlier run of the pipeline wrote.
    expect(planGraph(fullPlan, run([written])).nodes[4]!.destinations.map((d) => d.rows)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('names planned destinations of a run before its load writes them, and adds their rows once it has', () => {
    const hashed = { ...fullPlan, pipelineHash: 'h1' };
    const before = runGraph(
      { ...run([phase('load', 'load', 'pending')]), active: true },
      { load: 'running' },
      undefined,
      hashed,
    );
    expect(before.nodes[0]!.destinations.map(destinationText)).toEqual([
      'clean (Parquet file clean.parquet)',
      'warehouse (PostgreSQL table sales.orders on prod)',
    ]);
    const after = runGraph(run([written]), undefined, undefined, hashed);
    expect(after.nodes[0]!.destinations.map(destinationText)).toEqual([
      'clean (Parquet file clean.parquet, 90 rows)',
      'warehouse (PostgreSQL table sales.orders on prod, 90 rows)',
    ]);
  });

  it('draws an older plan: decisions, conditions from reasons, destinations from the last run of the same pipeline', () => {
    const g = planGraph(plan, run([written]));
    expect(g.nodes.map((n) => [n.name, n.status, n.decision, n.detail])).toEqual([
      ['extract', 'pending', 'run', 'will run'],
      ['check', 'pending', 'at-run-time', 'decided at run time'],
      ['weekly', 'pending', 'skip', 'will be skipped'],
      ['load', 'pending', 'run', 'will run'],
    ]);
    expect(g.nodes[1]!.condition).toBe('when count(*) > 0');
    expect(g.nodes[2]!.condition).toBe('the run started on mon, not fri');
    expect(g.nodes[3]!.destinations.map(destinationText)).toEqual([
      'clean (Parquet file clean.parquet, 90 rows)',
      'warehouse (PostgreSQL table sales.orders, 90 rows)',
    ]);
    expect(g.nodes[3]!.label).toMatch(/writes to clean \(Parquet file clean\.parquet, 90 rows\); warehouse/);
    expect(g.summary).toBe('Plan of pipeline orders: 4 phases (1 to be skipped), 2 destinations.');
    // Another pipeline's run says nothing about this one's destinations.
    expect(planGraph(plan, run([written], 'other')).nodes[3]!.destinations).toEqual([]);
  });

  it('draws a run: record statuses, live statuses the record lacks, rows/s and ETA on the running phase', () => {
    const r = run([
      phase('extract', 'extract', 'done', { rowsIn: 100, rowsOut: 98, durationMs: 1500 }),
      phase('check', 'validate', 'pending'),
      phase('weekly', 'transform', 'skipped', { skippedReason: 'the run started on mon, not fri' }),
      phase('load', 'load', 'pending'),
    ]);
    const progress = {
      runId: 'r1',
      jobId: 'j',
      phase: 'check',
      phaseIndex: 1,
      phaseCount: 4,
      rows: 50,
      total: 98,
      fraction: 50 / 98,
      rowsPerSec: 2500,
      etaSec: 12,
      elapsedMs: 20,
    };
    const g = runGraph({ ...r, active: true }, { extract: 'done', check: 'running' }, progress, plan);
    expect(g.nodes.map((n) => n.status)).toEqual(['done', 'running', 'skipped', 'pending']);
    expect(g.nodes[0]!.details).toEqual(['100 → 98 rows', '1,500 ms']);
    expect(g.nodes[1]!.details).toEqual(['2,500 rows/s', '12 s left']);
    expect(g.nodes[1]!.live?.fraction).toBeCloseTo(0.51, 2);
    expect(g.nodes[1]!.label).toBe(
      'Phase check (validate): running; 50 of 98 rows, 2,500 rows/s, 12 s left; condition: when count(*) > 0.',
    );
    expect(g.nodes[2]!.detail).toBe('skipped · the run started on mon, not fri');
    expect(g.nodes[2]!.label).toMatch(/skipped because the run started on mon, not fri\.$/);
    expect(g.summary).toBe('Run of pipeline orders: 4 phases (1 done, 1 running, 1 skipped, 1 pending).');
  });

  it('trusts the record of a run that no longer runs, and drops conditions of another pipeline', () => {
    const r = run([phase('extract', 'extract', 'done'), phase('check', 'validate', 'pending')], 'h2');
    const g = runGraph({ ...r, active: false }, { check: 'running' }, undefined, plan);
    expect(g.nodes.map((n) => n.status)).toEqual(['done', 'pending']);
    expect(g.nodes[1]!.condition).toBeUndefined();
    const done = runGraph(run([written]));
    expect(done.nodes[0]!.destinations).toHaveLength(2);
    expect(done.nodes[0]!.detail).toBe('90 → 90 rows');
  });
});
