// Open: what was detected (overridable), the import's progress, and a live preview of the first rows.

import { useState } from 'react';
import { StateView } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';
import { DetectionPanel } from './detection-panel.js';
import { ImportCard } from './import-card.js';
import { PreviewTable } from './preview-table.js';
import { RejectsTable } from './rejects-table.js';

/** The open screen. */
export function OpenScreen() {
  const { stores } = useApp();
  const preview = useSlice(stores.dataset, (s) => s.preview);
  const path = useSlice(stores.dataset, (s) => s.path);
  const phase = useSlice(stores.dataset, (s) => s.phase);
  const rejected = useSlice(stores.dataset, (s) => s.info?.importSummary?.linesRejected ?? 0);
  const [tab, setTab] = useState<'preview' | 'rejects'>('preview');
  const showRejects = tab === 'rejects' && phase === 'ready';

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
        <div className="area-head" role="tablist" aria-label="Preview or rejected lines">
          <button
            type="button"
            role="tab"
            className={`subtab${showRejects ? '' : ' active'}`}
            aria-selected={!showRejects}
            onClick={() => setTab('preview')}
          >
            Preview
          </button>
          <button
            type="button"
            role="tab"
            className={`subtab${showRejects ? ' active' : ''}`}
            aria-selected={showRejects}
            disabled={phase !== 'ready'}
            onClick={() => setTab('rejects')}
          >
            Rejected lines{phase === 'ready' ? ` (${fmtInt(rejected)})` : ''}
          </button>
          <span className="spacer" />
          {preview && !showRejects && (
            <span className="faint">
              first {fmtInt(preview.rows.length)} rows{preview.truncated ? '' : ' (whole file)'}
            </span>
          )}
        </div>
        {showRejects ? (
          <RejectsTable />
        ) : preview ? (
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
