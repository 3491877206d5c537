// The recipe: every step with what it did, the undo/redo cursor (undone steps struck through, redoable),
// disable or remove a step, and import/export of the recipe as JSON (a path: the web mode has no file dialog).

import { useState } from 'react';
import { ErrorBanner, StateView } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';
import { opLabel } from './op-label.js';

/** The recipe screen. */
export function RecipeScreen() {
  const { stores } = useApp();
  const r = stores.recipe;
  const view = useSlice(r, (s) => s.view);
  const busy = useSlice(r, (s) => s.busy);
  const loading = useSlice(r, (s) => s.loading);
  const error = useSlice(r, (s) => s.error ?? s.loadError);
  const projectDir = useSlice(stores.dataset, (s) => s.info?.projectDir ?? '');
  const [path, setPath] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const file = path || `${projectDir}/recipe.json`;

  let body;
  if (loading && !view) body = <StateView title="Loading the recipe…" busy />;
  else if (!view) body = error ? null : <StateView title="No dataset open" />;
  else if (view.recipe.steps.length === 0)
    body = (
      <StateView title="No steps yet">
        Apply a suggested fix, edit a cell in the grid, or import a recipe: each fix becomes a step here.
      </StateView>
    );
  else
    body = (
      <table className="data-table" aria-label="Recipe steps">
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Step</th>
            <th className="num">Rows changed</th>
            <th className="num">Rows out</th>
            <th className="num">Time</th>
            <th>On</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {view.recipe.steps.map((step, i) => {
            const res = view.results.find((x) => x.stepId === step.id);
            const undone = i >= view.cursor;
            return (
              <tr key={step.id} className={undone ? 'undone' : step.enabled ? '' : 'disabled'}>
                <td className="num">{i + 1}</td>
                <td>
                  {opLabel(step.op)}
                  {step.note && <div className="faint">{step.note}</div>}
                </td>
                <td className="num">{res ? fmtInt(res.rowsChanged) : '–'}</td>
                <td className="num">{res ? fmtInt(res.rowsOut) : '–'}</td>
                <td className="num">{res ? `${res.cached ? 'cached' : `${fmtInt(res.ms)} ms`}` : '–'}</td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Step ${i + 1} enabled`}
                    checked={step.enabled}
                    disabled={busy || undone}
                    onChange={(e) => void r.getState().setEnabled(step.id, e.target.checked)}
                  />
                </td>
                <td>
                  <button
                    className="btn small"
                    type="button"
                    disabled={busy}
                    aria-label={`Remove step ${i + 1}`}
                    onClick={() => void r.getState().remove(step.id)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    );

  return (
    <div className="page">
      <div className="page-inner">
        <div className="row">
          <h2 className="grow">Recipe</h2>
          <button
            className="btn"
            type="button"
            disabled={busy || !view?.canUndo}
            title="Ctrl+Z"
            onClick={() => void r.getState().undo()}
          >
            Undo
          </button>
          <button
            className="btn"
            type="button"
            disabled={busy || !view?.canRedo}
            title="Ctrl+Shift+Z"
            onClick={() => void r.getState().redo()}
          >
            Redo
          </button>
        </div>
        {view && (
          <p className="muted" style={{ margin: 0 }}>
            {fmtInt(view.cursor)} of {fmtInt(view.recipe.steps.length)} steps applied · {fmtInt(view.rows)}{' '}
            rows · {fmtInt(view.columns.length)} columns
          </p>
        )}
        {error && <ErrorBanner error={error} />}
        {view?.warning && <ErrorBanner error={view.warning} />}
        <div className="panel">{body}</div>
        <div className="panel">
          <h3>Import or export</h3>
          <div className="row">
            <div className="field grow">
              <label htmlFor="recipe-path">Recipe file</label>
              <input
                id="recipe-path"
                className="input"
                value={file}
                onChange={(e) => setPath(e.target.value)}
              />
            </div>
            <button
              className="btn"
              type="button"
              disabled={busy || !view?.cursor}
              onClick={async () => {
                const out = await r.getState().exportTo(file);
                setNote(out ? `Exported ${out.steps} steps to ${out.path}` : null);
              }}
            >
              Export
            </button>
            <button
              className="btn"
              type="button"
              disabled={busy}
              onClick={async () => {
                const ok = await r.getState().importFrom(file, true);
                setNote(ok ? `Imported ${file}` : null);
              }}
            >
              Import (replaces the steps)
            </button>
          </div>
          {note && (
            <p className="muted" role="status">
              {note}
            </p>
          )}
        </div>
      </div>
    </div>
  );
}
