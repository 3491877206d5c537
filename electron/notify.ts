// A desktop notification when long work (over 10 s) ends while the window is not in front.

import { Notification, type BrowserWindow } from 'electron';
import type { AppEventSource } from '../core/contract/api.js';
import type { JobKind } from '../core/contract/jobs.js';

const LONG_MS = 10_000;
const NAMES: Record<JobKind, string> = {
  import: 'Import',
  profile: 'Profile',
  validate: 'Validation',
  run: 'Pipeline run',
  sync: 'Sync',
  embed: 'Embedding',
};

/** Notifies about long jobs ending; returns the unsubscribe function. */
export function notifyLongJobs(events: AppEventSource, window: () => BrowserWindow | null): () => void {
  const started = new Map<string, number>();
  const offs = [
    events.on('jobs.progress', (p) => {
      if (!started.has(p.jobId)) started.set(p.jobId, Date.now());
    }),
    events.on('jobs.finished', (f) => {
      const t0 = started.get(f.jobId);
      started.delete(f.jobId);
      const win = window();
      if (t0 === undefined || Date.now() - t0 < LONG_MS || win?.isFocused() || !Notification.isSupported())
        return;
      const what = NAMES[f.kind];
      const body = f.ok
        ? `${what} finished.`
        : f.error?.code === 'CANCELLED'
          ? `${what} cancelled.`
          : `${what} failed: ${f.error?.message ?? 'unknown error'}`;
      new Notification({ title: 'Sluice', body }).show();
    }),
  ];
  return () => offs.forEach((off) => off());
}
