// Pipeline runs: a pipeline file's plan, starting a run, live progress per phase (events), the history, and
// one run's details (phases, log, metrics for the charts) with cancel, resume and roll back. Progress events
// arrive several times a second; the run record is read again only when a phase or the run ends, and the
// metrics of a selected run in progress once a second (its rows/s chart grows as the run goes).

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type { AppErrorData } from '../../core/contract/errors.js';
import type {
  PhaseStatus,
  RunInfo,
  RunLogPage,
  RunMetrics,
  RunPlan,
  RunProgress,
} from '../../core/contract/pipeline.js';
import type { Result } from '../../core/contract/result.js';

/** State and actions of the runs store. */
export interface RunsState {
  pipelinePath: string;
  plan: RunPlan | null;
  runs: RunInfo[];
  selected: RunInfo | null;
  log: RunLogPage | null;
  metrics: RunMetrics | null;
  /** Live progress by run id. */
  progress: Record<string, RunProgress>;
  /**
   * Phase statuses seen in each run's events, by run id then phase: the record of a phase that works in one
   * piece says "pending" until it ends, the events say "running" as it starts (the pipeline graph uses both).
   */
  phaseStatus: Record<string, Record<string, PhaseStatus>>;
  loading: boolean;
  busy: boolean;
  error: AppErrorData | null;
  setPipeline(path: string): void;
  loadPlan(): Promise<void>;
  start(input?: string): Promise<string | null>;
  list(): Promise<void>;
  select(runId: string | null): Promise<void>;
  cancel(runId: string): Promise<void>;
  resume(runId: string): Promise<void>;
  rollback(runId: string, toPhase: string): Promise<void>;
}

/** The phase status each phase event means. */
const PHASE_EVENTS: Partial<Record<string, PhaseStatus>> = {
  'phase.started': 'running',
  'phase.done': 'done',
  'phase.skipped': 'skipped',
  'phase.failed': 'failed',
};

// Events after which the list and the selected run are read again (a run appears in the list once started).
const ENDINGS = new Set([
  'run.started',
  'phase.done',
  'phase.failed',
  'phase.skipped',
  'run.done',
  'run.failed',
  'run.cancelled',
]);

/** How often the metrics of the selected run are read again while it runs. */
export const METRICS_REFRESH_MS = 1000;

/** Creates the runs store. */
export function createRunsStore(bridge: AppBridge) {
  // The run asked for last: only answers for it are shown (a run can end while its details are read).
  let wanted: string | null = null;
  // Bumped by every read of the selected run's details, so a slower live re-read never undoes a newer one.
  let detailsRead = 0;
  // The newest read whose answer is shown: an older answer arriving late never replaces a newer one.
  let shown = 0;
  const store = createStore<RunsState>()((set, get) => {
    const where = () => (get().pipelinePath ? { pipelinePath: get().pipelinePath } : {});
    async function call<T>(r: Promise<Result<T>>): Promise<T | null> {
      const x = await r;
      if (!x.ok) {
        set({ error: x.error, busy: false, loading: false });
        return null;
      }
      return x.value;
    }
    return {
      pipelinePath: '',
      plan: null,
      runs: [],
      selected: null,
      log: null,
      metrics: null,
      progress: {},
      phaseStatus: {},
      loading: false,
      busy: false,
      error: null,

      setPipeline(pipelinePath) {
        if (pipelinePath === get().pipelinePath) return;
        // Another pipeline: its history replaces this one's, so a run of this one no longer shows below it.
        wanted = null;
        set({ pipelinePath, plan: null, error: null, selected: null, log: null, metrics: null });
      },
      async loadPlan() {
        set({ loading: true, error: null });
        // The history too: the newest run of the same pipeline says where the plan's loads write.
        const [plan] = await Promise.all([
          call(bridge['runs.plan']({ pipelinePath: get().pipelinePath })),
          get().list(),
        ]);
        if (plan) set({ plan, loading: false });
      },
      async start(input) {
        set({ busy: true, error: null });
        const r = await call(bridge['runs.start']({ pipelinePath: get().pipelinePath, input }));
        if (!r) return null;
        set({ busy: false });
        await get().list();
        await get().select(r.runId);
        return r.runId;
      },
      async list() {
        const runs = await call(bridge['runs.list']({ ...where(), limit: 50 }));
        if (runs) set({ runs, error: null });
      },
      async select(runId) {
        wanted = runId;
        const k = ++detailsRead;
        if (!runId) return set({ selected: null, log: null, metrics: null });
        const ref = { ...where(), runId };
        const [run, log, metrics] = await Promise.all([
          call(bridge['runs.get'](ref)),
          call(bridge['runs.log']({ ...ref, limit: 200 })),
          call(bridge['runs.metrics'](ref)),
        ]);
        // Each event of a running run reads its details again. Waiting for the newest read to answer would show
        // nothing while events come faster than a read (a busy machine): any answer for the run still wanted is
        // shown unless a newer one already is.
        if (run && wanted === runId && k > shown) {
          shown = k;
          set({ selected: run, log, metrics });
        }
      },
      async cancel(runId) {
        await call(bridge['runs.cancel']({ runId }));
        await get().list();
      },
      async resume(runId) {
        set({ busy: true, error: null });
        const r = await call(bridge['runs.resume']({ ...where(), runId }));
        if (r) set({ busy: false });
        await get().select(runId);
      },
      async rollback(runId, toPhase) {
        set({ busy: true, error: null });
        const r = await call(bridge['runs.rollback']({ ...where(), runId, toPhase }));
        if (r) set({ busy: false, selected: r });
        await get().list();
      },
    };
  });

  // While the selected run is active: its metrics again, one read at a time, a second after the last one.
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  let following: string | null = null;
  let reading = false;
  const follow = () => {
    const sel = store.getState().selected;
    // A run that ended (or another selection) cancels the read to come; the selection's own read is final.
    if (timer && (!sel?.active || sel.runId !== following)) {
      clearTimeout(timer);
      timer = null;
    }
    if (!sel?.active || timer || reading) return;
    following = sel.runId;
    const runId = sel.runId;
    timer = setTimeout(() => {
      timer = null;
      void refreshMetrics(runId);
    }, METRICS_REFRESH_MS);
  };
  async function refreshMetrics(runId: string) {
    reading = true;
    const gen = detailsRead;
    const pipelinePath = store.getState().pipelinePath;
    try {
      const r = await bridge['runs.metrics']({ ...(pipelinePath ? { pipelinePath } : {}), runId });
      const sel = store.getState().selected;
      if (r.ok && gen === detailsRead && sel?.runId === runId && sel.active)
        store.setState({ metrics: r.value });
    } catch {
      // A lost connection: the next event that re-reads the run reports it; the chart just stops growing.
    } finally {
      reading = false;
      if (!disposed) follow();
    }
  }
  const unfollow = store.subscribe(follow);

  const offs = [
    bridge.on('runs.progress', (p) =>
      store.setState({ progress: { ...store.getState().progress, [p.runId]: p } }),
    ),
    bridge.on('runs.event', (e) => {
      const all = store.getState().phaseStatus;
      const status = e.phase ? PHASE_EVENTS[e.event] : undefined;
      // A resumed run (perhaps rolled back) starts again from its record: earlier events no longer hold.
      if (e.event === 'run.started' || e.event === 'run.resumed')
        store.setState({ phaseStatus: { ...all, [e.runId]: {} } });
      else if (status && e.phase)
        store.setState({ phaseStatus: { ...all, [e.runId]: { ...all[e.runId], [e.phase]: status } } });
      if (!ENDINGS.has(e.event)) return;
      void store.getState().list();
      if (store.getState().selected?.runId === e.runId || wanted === e.runId)
        void store.getState().select(e.runId);
    }),
  ];
  return Object.assign(store, {
    dispose: () => {
      disposed = true;
      unfollow();
      if (timer) clearTimeout(timer);
      timer = null;
      offs.forEach((off) => off());
    },
  });
}

/** The runs store's type. */
export type RunsStore = ReturnType<typeof createRunsStore>;
