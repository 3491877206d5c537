// Detected encoding and dialect with their confidence; every choice can be overridden, and the preview
// follows at once. A changed choice applies to the data only after "Re-import".

import type { Dialect, EncodingName, OpenOverrides } from '../../../core/contract/datasets.js';
import { Confidence, Spinner } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtPct } from '../format.js';

const ENCODINGS: { value: EncodingName; label: string }[] = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'utf-16le', label: 'UTF-16 LE' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
  { value: 'windows-1252', label: 'Windows-1252 / Latin-1' },
];
const DELIMITERS: { value: Dialect['delimiter']; label: string }[] = [
  { value: ',', label: 'Comma  ,' },
  { value: ';', label: 'Semicolon  ;' },
  { value: '\t', label: 'Tab' },
  { value: '|', label: 'Pipe  |' },
];
const QUOTES = { dq: '"', sq: "'", none: null } as const;
const quoteKey = (q: Dialect['quote']) => (q === '"' ? 'dq' : q === "'" ? 'sq' : 'none');
const LINE_ENDINGS = { lf: 'LF (Unix)', crlf: 'CRLF (Windows)', cr: 'CR (old Mac)', mixed: 'Mixed' } as const;

/** The detection and override controls. */
export function DetectionPanel() {
  const { stores } = useApp();
  const detection = useSlice(stores.dataset, (s) => s.detection);
  const pending = useSlice(stores.dataset, (s) => s.overridesPending);
  const previewLoading = useSlice(stores.dataset, (s) => s.previewLoading);
  const phase = useSlice(stores.dataset, (s) => s.phase);
  if (!detection) return null;
  const set = (patch: OpenOverrides) => void stores.dataset.getState().setOverrides(patch);
  const d = detection.dialect;
  const score = (v: string) => detection.delimiterCandidates.find((c) => c.delimiter === v)?.score;

  return (
    <section className="panel-section" aria-labelledby="detect-title">
      <div className="section-head">
        <h3 id="detect-title">Detected format</h3>
        {previewLoading && <Spinner label="Updating preview" />}
      </div>
      <div className="form-grid">
        <label htmlFor="enc">Encoding</label>
        <div className="control-row">
          <select
            id="enc"
            className="select"
            value={detection.encoding}
            onChange={(e) => set({ encoding: e.target.value as EncodingName })}
          >
            {ENCODINGS.map((x) => (
              <option key={x.value} value={x.value}>
                {x.label}
              </option>
            ))}
          </select>
          <Confidence value={detection.encodingConfidence} label="Encoding confidence" />
        </div>

        <label htmlFor="delim">Delimiter</label>
        <div className="control-row">
          <select
            id="delim"
            className="select"
            value={d.delimiter}
            onChange={(e) => set({ delimiter: e.target.value as Dialect['delimiter'] })}
          >
            {DELIMITERS.map((x) => {
              const s = score(x.value);
              return (
                <option key={x.value} value={x.value}>
                  {x.label}
                  {s !== undefined && x.value !== d.delimiter ? ` — ${fmtPct(s)}` : ''}
                </option>
              );
            })}
          </select>
          <Confidence value={detection.dialectConfidence} label="Dialect confidence" />
        </div>

        <label htmlFor="quote">Quote</label>
        <select
          id="quote"
          className="select"
          value={quoteKey(d.quote)}
          onChange={(e) => set({ quote: QUOTES[e.target.value as keyof typeof QUOTES] })}
        >
          <option value="dq">Double quote "</option>
          <option value="sq">Single quote '</option>
          <option value="none">None</option>
        </select>

        <span className="label">Header row</span>
        <label className="check">
          <input type="checkbox" checked={d.header} onChange={(e) => set({ header: e.target.checked })} />{' '}
          First row holds column names
        </label>

        <span className="label">Line endings</span>
        <span>
          {LINE_ENDINGS[d.lineEnding]}
          {detection.bom && (
            <span className="pill" title="The file starts with a byte-order mark (skipped)">
              BOM
            </span>
          )}
        </span>
      </div>
      {pending && (
        <div className="banner pending" role="status">
          <div style={{ flex: 1 }}>The preview uses your settings; the imported data does not yet.</div>
          <button
            className="btn primary small"
            type="button"
            disabled={phase === 'opening'}
            onClick={() => void stores.dataset.getState().reimport()}
          >
            Re-import
          </button>
        </div>
      )}
    </section>
  );
}
