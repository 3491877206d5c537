// The background import: live progress (rows, rows/s, ETA) with cancel, then what it found.

import { ErrorBanner, ProgressBar, Spinner } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtBytes, fmtDuration, fmtInt, fmtRate } from '../format.js';

/** The import status card. */
export function ImportCard() {
  const { stores } = useApp();
  const phase = useSlice(stores.dataset, (s) => s.phase);
  const progress = useSlice(stores.dataset, (s) => s.progress);
  const summary = useSlice(stores.dataset, (s) => s.info?.importSummary);
  const error = useSlice(stores.dataset, (s) => s.error);
  const ds = stores.dataset.getState();

  return (
    <section className="panel-section" aria-labelledby="import-title" aria-live="polite">
      <div className="section-head">
        <h3 id="import-title">Import</h3>
        <span
          className={`pill ${phase === 'ready' ? 'ok' : phase === 'failed' ? 'danger' : phase === 'importing' ? 'accent' : ''}`}
        >
          {phase}
        </span>
      </div>

      {phase === 'opening' && (
        <p>
          <Spinner label="Reading the file" /> Reading the file…
        </p>
      )}

      {phase === 'importing' && (
        <div className="import-progress">
          <ProgressBar fraction={progress?.fraction} label="Import progress" />
          <div className="progress-figures">
            <span>{progress?.rows !== undefined ? `${fmtInt(progress.rows)} rows` : 'Starting…'}</span>
            {progress?.rowsPerSec !== undefined && <span>{fmtRate(progress.rowsPerSec)}</span>}
            {progress?.etaSec !== undefined && <span>about {fmtDuration(progress.etaSec)} left</span>}
          </div>
          {progress?.bytesDone !== undefined && progress.bytesTotal !== undefined && (
            <div className="faint">
              {fmtBytes(progress.bytesDone)} of {fmtBytes(progress.bytesTotal)}
            </div>
          )}
          <button className="btn small" type="button" onClick={() => void ds.cancelImport()}>
            Cancel import
          </button>
        </div>
      )}

      {phase === 'ready' && summary && (
        <div className="import-summary">
          <dl className="figures">
            <dt>Rows imported</dt>
            <dd>{fmtInt(summary.rowsImported)}</dd>
            <dt>Rejected lines</dt>
            <dd className={summary.linesRejected ? 'warn-text' : ''}>{fmtInt(summary.linesRejected)}</dd>
            <dt>Blank lines</dt>
            <dd>{fmtInt(summary.blankLines)}</dd>
            <dt>Size</dt>
            <dd>{fmtBytes(summary.bytes)}</dd>
            <dt>Took</dt>
            <dd>{fmtDuration(summary.durationMs / 1000)}</dd>
          </dl>
          {summary.renamedColumns.length > 0 && (
            <div className="renamed">
              <div className="muted">Renamed header names:</div>
              <ul>
                {summary.renamedColumns.map((r) => (
                  <li key={r.index} className="mono">
                    #{r.index + 1} “{r.from}” → {r.to}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <button className="btn primary" type="button" onClick={() => stores.ui.getState().go('data')}>
            View data
          </button>
        </div>
      )}

      {phase === 'stale' && (
        <div className="banner">
          <div style={{ flex: 1 }}>The file changed since it was imported.</div>
          <button className="btn primary small" type="button" onClick={() => void ds.reimport()}>
            Re-import
          </button>
        </div>
      )}

      {phase === 'cancelled' && (
        <div className="banner">
          <div style={{ flex: 1 }}>Import cancelled. Nothing was kept.</div>
          <button className="btn small" type="button" onClick={() => void ds.reimport()}>
            Import again
          </button>
        </div>
      )}

      {error && (
        <ErrorBanner
          error={error}
          action={
            phase === 'failed' && ds.path ? (
              <div className="banner-actions">
                <button className="btn small" type="button" onClick={() => void ds.open(ds.path!)}>
                  Retry
                </button>
                <button className="btn small" type="button" onClick={() => stores.closeFile()}>
                  Open another file
                </button>
              </div>
            ) : undefined
          }
        />
      )}
    </section>
  );
}
