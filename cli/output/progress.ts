// A one-line progress bar on stderr for long jobs, only when stderr is a terminal (never in pipes or CI logs).

import type { AppEventSource } from '../../core/contract/api.js';
import type { JobProgress } from '../../core/contract/jobs.js';

const WIDTH = 24;

/** Renders one progress line (exported for tests). */
export function progressLine(p: JobProgress): string {
  const frac = p.fraction ?? (p.bytesTotal ? (p.bytesDone ?? 0) / p.bytesTotal : undefined);
  const bar =
    frac === undefined
      ? ''
      : `[${'#'.repeat(Math.round(frac * WIDTH)).padEnd(WIDTH, '.')}] ${(frac * 100).toFixed(0).padStart(3)}% `;
  const rows = p.rows !== undefined ? `${p.rows.toLocaleString('en-US')} rows ` : '';
  const rate = p.rowsPerSec ? `${Math.round(p.rowsPerSec).toLocaleString('en-US')} rows/s ` : '';
  const eta = p.etaSec !== undefined && Number.isFinite(p.etaSec) ? `ETA ${Math.ceil(p.etaSec)}s` : '';
  return `${p.kind}${p.step ? `/${p.step}` : ''} ${bar}${rows}${rate}${eta}`.trimEnd();
}

/** Shows job progress on `out` if it is a TTY; returns the detach function. */
export function attachProgress(events: AppEventSource, out: NodeJS.WriteStream): () => void {
  if (!out.isTTY) return () => {};
  const clear = () => out.write('\r\x1b[2K');
  const offProgress = events.on('jobs.progress', (p) => {
    clear();
    out.write(progressLine(p).slice(0, (out.columns ?? 80) - 1));
  });
  const offFinished = events.on('jobs.finished', () => clear());
  return () => {
    offProgress();
    offFinished();
  };
}
