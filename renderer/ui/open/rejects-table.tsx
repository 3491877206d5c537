// The import's rejected lines: line number, why, and the raw text, so nothing malformed goes unseen.

import type { RejectReason } from '../../../core/contract/datasets.js';
import { ErrorBanner, StateView } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';

const REASONS: Record<RejectReason, string> = {
  too_many_fields: 'too many fields',
  too_few_fields: 'too few fields',
  unclosed_quote: 'unclosed quote',
  invalid_quote: 'misplaced quote',
  invalid_encoding: 'invalid bytes',
  line_too_long: 'line too long',
};

/** The rejected lines, paged. */
export function RejectsTable() {
  const { stores } = useApp();
  const page = useSlice(stores.rejects, (s) => s.page);
  const offset = useSlice(stores.rejects, (s) => s.offset);
  const size = useSlice(stores.rejects, (s) => s.pageSize);
  const error = useSlice(stores.rejects, (s) => s.error);
  if (error)
    return (
      <div className="pad">
        <ErrorBanner error={error} />
      </div>
    );
  if (!page) return <StateView title="Loading rejected lines…" busy />;
  if (page.total === 0)
    return <StateView title="No rejected lines">Every line of the file was imported.</StateView>;
  return (
    <div className="rejects">
      <div className="preview" role="region" aria-label="Rejected lines" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col" className="line-col">
                Line
              </th>
              <th scope="col">Reason</th>
              <th scope="col">Raw text</th>
            </tr>
          </thead>
          <tbody>
            {page.rejects.map((r) => (
              <tr key={r.line}>
                <td className="line-col">{fmtInt(r.line)}</td>
                <td title={r.message}>
                  <span className="pill danger">{REASONS[r.reason] ?? r.reason}</span>
                </td>
                <td className="mono raw">{r.raw}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {page.total > size && (
        <div className="pager pad-x">
          <button
            className="btn small"
            type="button"
            disabled={offset === 0}
            onClick={() => void stores.rejects.getState().setOffset(offset - size)}
          >
            Previous
          </button>
          <span className="faint">
            {fmtInt(offset + 1)}–{fmtInt(Math.min(page.total, offset + size))} of {fmtInt(page.total)}
          </span>
          <button
            className="btn small"
            type="button"
            disabled={offset + size >= page.total}
            onClick={() => void stores.rejects.getState().setOffset(offset + size)}
          >
            Next
          </button>
        </div>
      )}
    </div>
  );
}
