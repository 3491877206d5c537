// Suggested fixes for the selected findings group, each with its measured effect and an Apply button; after
// applying, a note with Undo. Applying is a recipe step, so Ctrl+Z undoes it too.

import { ErrorBanner } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';

/** The suggestions section of the findings panel. */
export function SuggestionsList() {
  const { stores } = useApp();
  const sug = stores.suggestions;
  const items = useSlice(sug, (s) => s.items);
  const loading = useSlice(sug, (s) => s.loading);
  const error = useSlice(sug, (s) => s.error);
  const applying = useSlice(sug, (s) => s.applying);
  const applied = useSlice(sug, (s) => s.applied);
  const needsGroup = useSlice(sug, (s) => s.needsGroup);
  const canUndo = useSlice(stores.recipe, (s) => s.view?.canUndo ?? false);
  const recipeError = useSlice(stores.recipe, (s) => s.error);
  const pending = useSlice(stores.recipe, (s) => s.pending);
  const shown = items.slice(0, 4);

  return (
    <section
      className="suggestions-section"
      aria-labelledby="suggestions-title"
      aria-busy={loading || undefined}
    >
      <h3 id="suggestions-title" className="list-head">
        <span>Suggested fixes</span>
        {loading && <span className="faint">…</span>}
      </h3>
      {error && (
        <p className="faint note" role="status">
          No suggestions: {error.message}
        </p>
      )}
      {recipeError && <ErrorBanner error={recipeError} />}
      {pending && (
        <div className="banner" role="alertdialog" aria-label="Drop the undone steps?">
          <div style={{ flex: 1 }}>
            Applying this drops {fmtInt(pending.redoSteps)} undone step{pending.redoSteps === 1 ? '' : 's'}.
          </div>
          <button
            className="btn small primary"
            type="button"
            onClick={() => void stores.recipe.getState().confirmPending(true)}
          >
            Apply anyway
          </button>
          <button
            className="btn small"
            type="button"
            onClick={() => void stores.recipe.getState().confirmPending(false)}
          >
            Cancel
          </button>
        </div>
      )}
      {applied && (
        <div className="toast" role="status">
          <span style={{ flex: 1 }}>Applied: {applied.title}</span>
          {canUndo && (
            <button className="btn small" type="button" onClick={() => void stores.recipe.getState().undo()}>
              Undo
            </button>
          )}
        </div>
      )}
      {needsGroup && !applied && (
        <p className="faint note">Select a findings group above to see the fixes suggested for it.</p>
      )}
      {!needsGroup && !loading && !error && shown.length === 0 && (
        <p className="faint note">No fix to suggest here.</p>
      )}
      <ul className="suggestions" aria-label="Suggested fixes">
        {shown.map((s, i) => (
          <li className="suggestion" key={`${s.column}\u0000${s.rule}\u0000${i}`}>
            <div className="suggestion-body">
              <div>{s.title}</div>
              <div className="suggestion-effect">
                fixes {fmtInt(s.findingsFixed)} of {fmtInt(s.findingsTotal)} findings · changes{' '}
                {fmtInt(s.valuesChanged)} values
                {s.otherValuesChanged ? ` (${fmtInt(s.otherValuesChanged)} without a finding)` : ''}
              </div>
            </div>
            <button
              className="btn small primary"
              type="button"
              disabled={applying !== null}
              aria-label={`Apply: ${s.title}`}
              onClick={() => void sug.getState().apply(i)}
            >
              {applying === i ? 'Applying…' : 'Apply'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
