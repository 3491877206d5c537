import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockBridge } from './mock-bridge.js';
import { createRunsStore, METRICS_REFRESH_MS } from './runs-store.js';

describe('runs store: live phase statuses and the plan', () => {
  it('follows phase statuses from the run events, per run, and forgets them when a run resumes', () => {
    const m = mockBridge({
      'runs.list': () => ({ ok: true, value: [] }),
    });
    const store = createRunsStore(m.bridge);
    const ev = (runId: string, event: string, phase?: string) =>
      m.emit('runs.event', { runId, event, ...(phase ? { phase } : {}) } as never);
    ev('r1', 'phase.started', 'extract');
    expect(store.getState().phaseStatus).toEqual({ r1: { extract: 'running' } });
    ev('r1', 'phase.done', 'extract');
    ev('r1', 'phase.started', 'validate');
    ev('r2', 'phase.skipped', 'weekly');
    // Chunks and progress say nothing new about a status.
    ev('r1', 'phase.chunk', 'validate');
    expect(store.getState().phaseStatus).toEqual({
      r1: { extract: 'done', validate: 'running' },
      r2: { weekly: 'skipped' },
    });
    ev('r1', 'phase.failed', 'validate');
    expect(store.getState().phaseStatus.r1).toEqual({ extract: 'done', validate: 'failed' });
    ev('r1', 'run.resumed');
    expect(store.getState().phaseStatus.r1).toEqual({});
    expect(store.getState().phaseStatus.r2).toEqual({ weekly: 'skipped' });
    store.dispose();
    ev('r1', 'phase.started', 'extract');
    expect(store.getState().phaseStatus.r1).toEqual({});
  });

  it('reads the history again when a run starts, so the run shows in it before its first phase ends', async () => {
    const m = mockBridge({ 'runs.list': () => ({ ok: true, value: [{ runId: 'r1' }] }) });
    const store = createRunsStore(m.bridge);
    m.emit('runs.event', { runId: 'r1', event: 'run.started' } as never);
    await expect.poll(() => store.getState().runs).toEqual([{ runId: 'r1' }]);
  });

  it('forgets the selected run when another pipeline is chosen, and only then', async () => {
    const m = mockBridge({
      'runs.get': () => ({ ok: true, value: { runId: 'r1', active: false } }),
      'runs.log': () => ({ ok: true, value: { events: [] } }),
      'runs.metrics': () => ({ ok: true, value: { runId: 'r1', samples: [] } }),
    });
    const store = createRunsStore(m.bridge);
    store.getState().setPipeline('/p/a.sluice.json');
    await store.getState().select('r1');
    store.getState().setPipeline('/p/a.sluice.json');
    expect(store.getState().selected).toMatchObject({ runId: 'r1' });
    store.getState().setPipeline('/p/b.sluice.json');
    expect(store.getState()).toMatchObject({ selected: null, metrics: null, log: null, plan: null });
    store.dispose();
  });

  it('shows a read of the selected run even while newer reads are under way, never an older one over a newer', async () => {
    // Each run event reads the run again; on a busy machine events come faster than the reads answer.
    const answers: ((v: unknown) => void)[] = [];
    const m = mockBridge({
      'runs.get': () => new Promise((resolve) => answers.push(resolve)),
      'runs.log': () => ({ ok: true, value: { events: [] } }),
      'runs.metrics': () => ({ ok: true, value: { runId: 'r1', samples: [] } }),
    });
    const store = createRunsStore(m.bridge);
    const run = (n: number) => ({ ok: true, value: { runId: 'r1', active: true, n } });
    const first = store.getState().select('r1');
    const second = store.getState().select('r1');
    const third = store.getState().select('r1');
    await vi.waitFor(() => expect(answers).toHaveLength(3));
    answers[0]!(run(1));
    await first;
    expect(store.getState().selected).toMatchObject({ n: 1 });
    answers[2]!(run(3));
    await third;
    expect(store.getState().selected).toMatchObject({ n: 3 });
    answers[1]!(run(2));
    await second;
    expect(store.getState().selected).toMatchObject({ n: 3 });
    // An answer for a run no longer wanted is not shown.
    const late = store.getState().select('r1');
    await store.getState().select(null);
    await vi.waitFor(() => expect(answers).toHaveLength(4));
    answers[3]!(run(4));
    await late;
    expect(store.getState().selected).toBeNull();
    store.dispose();
  });

  it('reads the plan and the pipeline history together', async () => {
    const m = mockBridge({
      'runs.plan': () => ({ ok: true, value: { pipelineName: 'orders', pipelineHash: 'h', phases: [] } }),
      'runs.list': () => ({ ok: true, value: [{ runId: 'r0', pipelineHash: 'h' }] }),
    });
    const store = createRunsStore(m.bridge);
    store.getState().setPipeline('/p/orders.sluice.json');
    await store.getState().loadPlan();
    expect(store.getState()).toMatchObject({
      loading: false,
      plan: { pipelineName: 'orders' },
      runs: [{ runId: 'r0' }],
    });
    expect(m.calls.map((c) => [c.method, c.req])).toEqual([
      ['runs.plan', { pipelinePath: '/p/orders.sluice.json' }],
      ['runs.list', { pipelinePath: '/p/orders.sluice.json', limit: 50 }],
    ]);
  });
});

describe('runs store: the metrics of a run in progress', () => {
  afterEach(() => vi.useRealTimers());

  it('reads them again once a second while the selected run is active, and stops when it ends', async () => {
    vi.useFakeTimers();
    let active = true;
    let reads = 0;
    const m = mockBridge({
      'runs.get': () => ({ ok: true, value: { runId: 'r1', active } }),
      'runs.log': () => ({ ok: true, value: { events: [] } }),
      'runs.metrics': () => ({ ok: true, value: { runId: 'r1', samples: Array(++reads).fill({}) } }),
      'runs.list': () => ({ ok: true, value: [] }),
    });
    const store = createRunsStore(m.bridge);
    await store.getState().select('r1');
    expect(reads).toBe(1);
    // No faster than once a second.
    await vi.advanceTimersByTimeAsync(METRICS_REFRESH_MS - 10);
    expect(reads).toBe(1);
    await vi.advanceTimersByTimeAsync(20);
    expect(reads).toBe(2);
    expect(store.getState().metrics?.samples).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3 * METRICS_REFRESH_MS);
    expect(reads).toBe(5);
    // The run ends: the event re-reads it (inactive now), and the refresh stops.
    active = false;
    m.emit('runs.event', { runId: 'r1', event: 'run.done' } as never);
    await vi.waitFor(() => expect(store.getState().selected?.active).toBe(false));
    const after = reads;
    await vi.advanceTimersByTimeAsync(5 * METRICS_REFRESH_MS);
    expect(reads).toBe(after);
    expect(store.getState().metrics?.samples).toHaveLength(after);
    store.dispose();
  });

  it('reads nothing for a finished run, and nothing after dispose', async () => {
    vi.useFakeTimers();
    const m = mockBridge({
      'runs.get': () => ({ ok: true, value: { runId: 'r1', active: true } }),
      'runs.log': () => ({ ok: true, value: { events: [] } }),
      'runs.metrics': () => ({ ok: true, value: { runId: 'r1', samples: [] } }),
    });
    const store = createRunsStore(m.bridge);
    await store.getState().select('r1');
    store.dispose();
    await vi.advanceTimersByTimeAsync(5 * METRICS_REFRESH_MS);
    expect(m.calls.filter((c) => c.method === 'runs.metrics')).toHaveLength(1);

    const done = mockBridge({
      'runs.get': () => ({ ok: true, value: { runId: 'r2', active: false } }),
      'runs.log': () => ({ ok: true, value: { events: [] } }),
      'runs.metrics': () => ({ ok: true, value: { runId: 'r2', samples: [] } }),
    });
    const other = createRunsStore(done.bridge);
    await other.getState().select('r2');
    await vi.advanceTimersByTimeAsync(5 * METRICS_REFRESH_MS);
    expect(done.calls.filter((c) => c.method === 'runs.metrics')).toHaveLength(1);
    other.dispose();
  });
});
