// The status bar: what is open and what the engine is doing, always visible.

import { useApp, useSlice } from './context.js';
import { fmtInt } from './format.js';

/** The status bar. */
export function StatusBar() {
  const { stores, host } = useApp();
  const phase = useSlice(stores.dataset, (s) => s.phase);
  const summary = useSlice(stores.dataset, (s) => s.info?.importSummary);
  const progress = useSlice(stores.dataset, (s) => s.progress?.fraction);
  const findings = useSlice(stores.findings, (s) => s.summary?.total);
  const validating = useSlice(stores.findings, (s) => s.validating);
  const encoding = useSlice(stores.dataset, (s) => s.detection?.encoding);
  const delimiter = useSlice(stores.dataset, (s) => s.detection?.dialect.delimiter);

  return (
    <footer className="statusbar" aria-label="Status">
      <span>{host.kind === 'web' ? `Web mode · ${location.host}` : 'Desktop'}</span>
      {phase === 'importing' && (
        <span>Importing{progress !== undefined ? ` ${Math.round(progress * 100)}%` : '…'}</span>
      )}
      {summary && <span>{fmtInt(summary.rowsImported)} rows</span>}
      {summary && summary.linesRejected > 0 && <span>{fmtInt(summary.linesRejected)} rejected</span>}
      {validating ? (
        <span>Validating…</span>
      ) : (
        findings !== undefined && <span>{fmtInt(findings)} findings</span>
      )}
      <span className="spacer" />
      {encoding && <span>{encoding.toUpperCase()}</span>}
      {delimiter && <span>{delimiter === '\t' ? 'TAB' : `“${delimiter}”`}</span>}
    </footer>
  );
}
