// One run: its pipeline graph (statuses live from the run's events), its phases (status, rows, time, live
// progress), charts of rows/s over time and of phase timings, the structured log, and cancel / resume /
// roll back to a phase.

import { useMemo } from 'react';
import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';
import { PhaseTimings } from './phase-timings.js';
import { runGraph } from './pipeline-graph-model.js';
import { PipelineGraphView } from './pipeline-graph.js';
import { ThroughputChart } from './throughput-chart.js';

/** Details of the selected run. */
export function RunDetails() {
  const { stores } = useApp();
  const runs = stores.runs;
  const run = useSlice(runs, (s) => s.selected);
  const metrics = useSlice(runs, (s) => s.metrics);
  const log = useSlice(runs, (s) => s.log);
  const live = useSlice(runs, (s) => (s.selected ? s.progress[s.selected.runId] : undefined));
  const busy = useSlice(runs, (s) => s.busy);
  const plan = useSlice(runs, (s) => s.plan);
  const seen = useSlice(runs, (s) => (s.selected ? s.phaseStatus[s.selected.runId] : undefined));
  const graph = useMemo(() => run && runGraph(run, seen, live, plan), [run, seen, live, plan]);
  if (!run || !graph) return null;

  return (
    <section className="panel" aria-labelledby="run-title">
      <div className="row">
        <h3 id="run-title" className="grow">
          Run {run.runId.slice(0, 8)} ·{' '}
          <span className={`status ${run.status}`}>{run.active ? 'running' : run.status}</span>
        </h3>
        {run.active && (
          <button className="btn small" type="button" onClick={() => void runs.getState().cancel(run.runId)}>
            Cancel
          </button>
        )}
        {run.resumable && (
          <button
            className="btn small primary"
            type="button"
            disabled={busy}
            onClick={() => void runs.getState().resume(run.runId)}
          >
            Resume
          </button>
        )}
      </div>
      {run.error && <p className="banner error">{run.error.message}</p>}
      <PipelineGraphView graph={graph} title="Run pipeline graph" />
      <table className="data-table" aria-label="Phases">
        <thead>
          <tr>
            <th>Phase</th>
            <th>Status</th>
            <th className="num">Rows in</th>
            <th className="num">Rows out</th>
            <th className="num">Rejected</th>
            <th className="num">Time</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {run.phases.map((p, i) => (
            <tr key={p.name}>
              <td>
                {p.name} <span className="faint">{p.type}</span>
              </td>
              <td>
                {/* The graph's status: it knows from the events that a phase started. */}
                <span className={`status ${graph.nodes[i]?.status ?? p.status}`}>
                  {graph.nodes[i]?.status ?? p.status}
                </span>
                {run.active && live?.phase === p.name && (
                  <div className="faint">
                    {fmtInt(live.rows)}
                    {live.total ? ` / ${fmtInt(live.total)}` : ''} rows · {fmtInt(live.rowsPerSec)} rows/s
                    {live.etaSec !== undefined ? ` · ${Math.ceil(live.etaSec)} s left` : ''}
                  </div>
                )}
                {p.skippedReason && <div className="faint">{p.skippedReason}</div>}
              </td>
              <td className="num">{fmtInt(p.rowsIn)}</td>
              <td className="num">{fmtInt(p.rowsOut)}</td>
              <td className="num">{fmtInt(p.rowsRejected)}</td>
              <td className="num">{p.durationMs !== undefined ? `${fmtInt(p.durationMs)} ms` : '–'}</td>
              <td>
                {p.status === 'done' && !run.active && (
                  <button
                    className="btn small"
                    type="button"
                    disabled={busy}
                    aria-label={`Roll back to ${p.name}`}
                    onClick={() => void runs.getState().rollback(run.runId, p.name)}
                  >
                    Roll back to here
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {metrics && <ThroughputChart metrics={metrics} />}
      {metrics && <PhaseTimings metrics={metrics} />}
      {log && (
        <>
          <h3 style={{ marginTop: 12 }}>Log ({fmtInt(log.total)} events)</h3>
          <pre className="log" aria-label="Run log">
            {log.events.map((e, i) => (
              <div key={i} className={e.level}>
                {e.ts.slice(11, 23)} {e.level.padEnd(5)} {e.phase ? `[${e.phase}] ` : ''}
                {e.message}
              </div>
            ))}
          </pre>
        </>
      )}
    </section>
  );
}
