// Pipeline runs: a pipeline file's plan (drawn as a graph) and a Run button, the history, and one run's
// details: its graph and phases with status and live progress (rows/s, ETA), charts, and the structured log.

import { useEffect, useMemo } from 'react';
import { ErrorBanner, ProgressBar, StateView } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';
import { planGraph } from './pipeline-graph-model.js';
import { PipelineGraphView } from './pipeline-graph.js';
import { RunDetails } from './run-details.js';

/** The runs screen. */
export function RunsScreen() {
  const { stores } = useApp();
  const runs = stores.runs;
  const path = useSlice(runs, (s) => s.pipelinePath);
  const plan = useSlice(runs, (s) => s.plan);
  const list = useSlice(runs, (s) => s.runs);
  const selected = useSlice(runs, (s) => s.selected?.runId);
  const progress = useSlice(runs, (s) => s.progress);
  const busy = useSlice(runs, (s) => s.busy);
  const loading = useSlice(runs, (s) => s.loading);
  const error = useSlice(runs, (s) => s.error);
  const source = useSlice(stores.dataset, (s) => s.info?.source.path);
  // Newest first: the latest run of the same pipeline says where its loads wrote.
  const graph = useMemo(
    () =>
      plan &&
      planGraph(
        plan,
        list.find((r) => r.pipelineHash === plan.pipelineHash),
      ),
    [plan, list],
  );

  useEffect(() => {
    if (!runs.getState().pipelinePath && source)
      runs.getState().setPipeline(source.replace(/\.[^./\\]*$/, '.sluice.json'));
  }, [runs, source]);

  return (
    <div className="page">
      <div className="page-inner">
        <h2>Pipeline runs</h2>
        <section className="panel" aria-labelledby="pipeline-title">
          <h3 id="pipeline-title">Pipeline</h3>
          <div className="row">
            <div className="field grow">
              <label htmlFor="pipeline-path">Pipeline file</label>
              <input
                id="pipeline-path"
                className="input mono"
                value={path}
                onChange={(e) => runs.getState().setPipeline(e.target.value)}
              />
            </div>
            <button
              className="btn"
              type="button"
              disabled={!path || loading}
              onClick={() => void runs.getState().loadPlan()}
            >
              Plan
            </button>
            <button
              className="btn"
              type="button"
              disabled={!path}
              onClick={() => void runs.getState().list()}
            >
              History
            </button>
            <button
              className="btn primary"
              type="button"
              disabled={!path || busy}
              onClick={() => void runs.getState().start()}
            >
              Run
            </button>
          </div>
          {graph && <PipelineGraphView graph={graph} title="Planned pipeline graph" />}
        </section>
        {error && <ErrorBanner error={error} />}
        <section className="panel" aria-labelledby="history-runs">
          <h3 id="history-runs">History</h3>
          {list.length === 0 ? (
            <StateView title="No runs yet">
              Run the pipeline to see its phases, timings and log here.
            </StateView>
          ) : (
            <table className="data-table" aria-label="Runs">
              <thead>
                <tr>
                  <th>Started</th>
                  <th>Pipeline</th>
                  <th>Status</th>
                  <th className="num">Rows in</th>
                  <th className="num">Rows out</th>
                  <th className="num">Rejected</th>
                  <th className="num">Time</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => {
                  const p = progress[r.runId];
                  return (
                    <tr
                      key={r.runId}
                      className={`clickable${selected === r.runId ? ' selected' : ''}`}
                      tabIndex={0}
                      aria-selected={selected === r.runId}
                      onClick={() => void runs.getState().select(r.runId)}
                      onKeyDown={(e) => e.key === 'Enter' && void runs.getState().select(r.runId)}
                    >
                      <td>{new Date(r.startedAt).toLocaleString()}</td>
                      <td>{r.pipelineName}</td>
                      <td>
                        <span className={`status ${r.status}`}>
                          {r.active ? 'running' : r.status.replace('_', ' ')}
                        </span>
                        {r.active && p && (
                          <ProgressBar
                            label={`Run ${r.runId} progress`}
                            fraction={(p.phaseIndex + (p.fraction ?? 0)) / p.phaseCount}
                          />
                        )}
                      </td>
                      <td className="num">{fmtInt(r.rowsIn)}</td>
                      <td className="num">{fmtInt(r.rowsOut)}</td>
                      <td className="num">{fmtInt(r.rowsRejected)}</td>
                      <td className="num">
                        {r.durationMs !== undefined ? `${(r.durationMs / 1000).toFixed(1)} s` : '–'}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <RunDetails />
      </div>
    </div>
  );
}
