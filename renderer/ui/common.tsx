// Small shared pieces: states (empty, loading, error), progress, confidence and histograms.

import type { ReactNode } from 'react';
import type { AppErrorData } from '../../core/contract/errors.js';
import type { HistogramBin } from '../../core/contract/profile.js';
import { fmtPct } from './format.js';

/** A spinning indicator with an accessible label. */
export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

/** A centred state: empty, loading, or a hint. */
export function StateView({
  title,
  children,
  busy,
}: {
  title: string;
  children?: ReactNode;
  busy?: boolean;
}) {
  return (
    <div className="state" aria-busy={busy || undefined}>
      {busy && <Spinner label={title} />}
      <div className="state-title">{title}</div>
      {children}
    </div>
  );
}

/** An error as the engine described it: message, where, and what to do. */
export function ErrorBanner({ error, action }: { error: AppErrorData; action?: ReactNode }) {
  const d = error.details ?? {};
  const where = [d.file, d.line, d.column].filter((x) => x !== undefined && x !== '').join(':');
  return (
    <div className="banner error" role="alert">
      <div style={{ flex: 1 }}>
        <div className="banner-title">{error.message}</div>
        {where && <div className="mono muted">{where}</div>}
        {typeof d.hint === 'string' && <div>{d.hint}</div>}
        <div className="faint mono">{error.code}</div>
      </div>
      {action}
    </div>
  );
}

/** A progress bar; indeterminate without a fraction. */
export function ProgressBar({ fraction, label }: { fraction?: number; label: string }) {
  const known = fraction !== undefined && Number.isFinite(fraction);
  const pct = known ? Math.max(0, Math.min(1, fraction)) * 100 : undefined;
  return (
    <div
      className={`progress${known ? '' : ' indeterminate'}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct === undefined ? undefined : Math.round(pct)}
    >
      <span style={known ? { width: `${pct}%` } : undefined} />
    </div>
  );
}

/** How sure the detection is, as a small bar and a percentage. */
export function Confidence({ value, label }: { value: number; label: string }) {
  return (
    <span className="confidence" title={`${label}: ${fmtPct(value)}`}>
      <span className={`meter${value < 0.8 ? ' low' : ''}`} aria-hidden="true">
        <span style={{ width: `${Math.round(value * 100)}%` }} />
      </span>{' '}
      <span className="muted">{fmtPct(value)}</span>
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** A bar chart of histogram bins, as SVG. */
export function Histogram({
  bins,
  label,
  width = 160,
  height = 36,
}: {
  bins: HistogramBin[];
  label: string;
  width?: number;
  height?: number;
}) {
  const max = Math.max(1, ...bins.map((b) => b.count));
  const w = bins.length ? width / bins.length : width;
  return (
    <svg
      className="histogram"
      width="100%"
      height={height}
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
    >
      {bins.map((b, i) => {
        const h = b.count === 0 ? 0 : Math.max(1, (b.count / max) * (height - 1));
        return (
          <rect key={i} x={i * w + 0.5} y={height - h} width={Math.max(1, w - 1)} height={h} rx={1}>
            <title>{`${String(b.from)} – ${String(b.to)}: ${b.count}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
