// Findings: counts grouped by column × rule (click one to list only those), the list itself with paging,
// and a jump from a finding to its cell in the grid.

import type { FindingGroup } from '../../stores/findings-store.js';
import { ErrorBanner, ProgressBar, StateView } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtInt, ruleLabel } from '../format.js';
import { SuggestionsList } from './suggestions-list.js';

/** The findings panel. */
export function FindingsPanel() {
  const { stores } = useApp();
  const f = stores.findings;
  const summary = useSlice(f, (s) => s.summary);
  const groups = useSlice(f, (s) => s.groups);
  const filter = useSlice(f, (s) => s.filter);
  const page = useSlice(f, (s) => s.page);
  const offset = useSlice(f, (s) => s.offset);
  const pageSize = useSlice(f, (s) => s.pageSize);
  const validating = useSlice(f, (s) => s.validating);
  const loading = useSlice(f, (s) => s.loading);
  const error = useSlice(f, (s) => s.error);
  const max = groups[0]?.count ?? 1;
  const active = (g: FindingGroup) => filter.column === g.column && filter.rule === g.rule;
  // A group filters the findings list, the grid (rows with those findings) and the suggestions at once.
  const toggle = (g: FindingGroup) => {
    const next = active(g) ? {} : { column: g.column, rule: g.rule };
    void f.getState().setFilter(next);
    const others = stores.grid.getState().filters.filter((x) => x.kind !== 'findings');
    void stores.grid.getState().setView({
      filters: next.column ? [...others, { kind: 'findings', ...next }] : others,
    });
    void stores.suggestions.getState().load(next);
  };

  return (
    <aside className="findings-panel" aria-labelledby="findings-title">
      <div className="panel-head">
        <h2 id="findings-title">Findings</h2>
        {summary && (
          <span className={`pill ${summary.total ? 'danger' : 'ok'}`}>{fmtInt(summary.total)}</span>
        )}
        <span className="spacer" />
        <button
          className="btn small"
          type="button"
          disabled={validating}
          onClick={() => void f.getState().validate()}
        >
          {validating ? 'Validating…' : 'Validate'}
        </button>
      </div>
      {validating && <ProgressBar label="Validating" />}
      {error && <ErrorBanner error={error} />}
      {summary && (
        <p className="summary-line muted">
          {fmtInt(summary.rowsWithFindings)} of {fmtInt(summary.rows)} rows have findings
          {summary.rejectedLines ? ` · ${fmtInt(summary.rejectedLines)} lines rejected at import` : ''}
        </p>
      )}

      {summary && summary.total === 0 && !validating ? (
        <StateView title="No findings">Every row matches the schema.</StateView>
      ) : (
        <>
          <ul className="groups" aria-label="Findings by column and rule">
            {groups.map((g) => (
              <li key={`${g.column}\u0000${g.rule}`}>
                <button
                  className={`group${active(g) ? ' active' : ''}`}
                  type="button"
                  aria-pressed={active(g)}
                  onClick={() => toggle(g)}
                >
                  <span className="group-label">
                    <span className="group-col">{g.column}</span>{' '}
                    <span className="group-rule">{ruleLabel(g.rule)}</span>
                  </span>
                  <span className="group-count">{fmtInt(g.count)}</span>
                  <span className="group-bar" aria-hidden="true">
                    <span style={{ width: `${(g.count / max) * 100}%` }} />
                  </span>
                </button>
              </li>
            ))}
          </ul>

          <SuggestionsList />

          {page && (
            <div className="finding-list">
              <div className="list-head">
                <span>
                  {filter.column ? (
                    <>
                      <strong>{filter.column}</strong> · {ruleLabel(filter.rule ?? '')}
                    </>
                  ) : (
                    'All findings'
                  )}
                </span>
                <span className="faint">
                  {page.total
                    ? `${fmtInt(offset + 1)}–${fmtInt(Math.min(page.total, offset + page.findings.length))} of ${fmtInt(page.total)}`
                    : 'none'}
                </span>
              </div>
              <ol className="findings" aria-busy={loading || undefined}>
                {page.findings.map((x, i) => (
                  <li key={`${offset + i}`}>
                    <button
                      className="finding"
                      type="button"
                      onClick={() => void stores.grid.getState().reveal(x.line, x.column)}
                      title="Show in the grid"
                    >
                      <span className="finding-line mono">{fmtInt(x.line)}</span>
                      <span className="finding-body">
                        <span className="finding-msg">{x.message}</span>
                        <span className="finding-meta">
                          {x.column} · {ruleLabel(x.rule)}
                          {x.value !== null && x.value !== '' && (
                            <code className="finding-value">{x.value}</code>
                          )}
                        </span>
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
              <div className="pager">
                <button
                  className="btn small"
                  type="button"
                  disabled={offset === 0}
                  onClick={() => void f.getState().setOffset(offset - pageSize)}
                >
                  Previous
                </button>
                <button
                  className="btn small"
                  type="button"
                  disabled={offset + pageSize >= page.total}
                  onClick={() => void f.getState().setOffset(offset + pageSize)}
                >
                  Next
                </button>
              </div>
            </div>
          )}
        </>
      )}
    </aside>
  );
}
