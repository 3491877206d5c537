// Open: what was detected (overridable), the import's progress, and a live preview of the first rows.

import { StateView } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';
import { DetectionPanel } from './detection-panel.js';
import { ImportCard } from './import-card.js';
import { PreviewTable } from './preview-table.js';

/** The open screen. */
export function OpenScreen() {
  const { stores } = useApp();
  const preview = useSlice(stores.dataset, (s) => s.preview);
  const path = useSlice(stores.dataset, (s) => s.path);
  const phase = useSlice(stores.dataset, (s) => s.phase);

  return (
    <div className="open-screen">
      <aside className="side-panel" aria-label="Format and import">
        <div className="panel-section">
          <h2 className="file-title" title={path ?? ''}>
            {path}
          </h2>
        </div>
        <DetectionPanel />
        <ImportCard />
      </aside>
      <section className="preview-area" aria-label="Preview">
        <div className="area-head">
          <h3>Preview</h3>
          {preview && (
            <span className="faint">
              first {fmtInt(preview.rows.length)} rows{preview.truncated ? '' : ' (whole file)'}
            </span>
          )}
        </div>
        {preview ? (
          preview.columns.length ? (
            <PreviewTable preview={preview} />
          ) : (
            <StateView title="No columns">The file has no data with these settings.</StateView>
          )
        ) : phase === 'failed' ? (
          <StateView title="Nothing to preview" />
        ) : (
          <StateView title="Reading the first rows…" busy />
        )}
      </section>
    </div>
  );
}
