// Import progress, throttled to about ten events a second so a fast import does not flood the UI.

/** Phase of an import. */
export type ImportStep = 'scan' | 'load' | 'finalize';

/** One progress event (fits the contract's JobProgress). */
export interface ImportProgress {
  step: ImportStep;
  bytesDone: number;
  bytesTotal: number;
  /** Data records read so far. */
  rows: number;
  rowsPerSec: number;
  /** Seconds left, estimated from the rate so far (absent until there is a rate). */
  etaSec?: number;
  /** 0..1 over the whole import. */
  fraction: number;
}

/** Builds and throttles progress events. */
export class ProgressReporter {
  private lastEmit = -Infinity;
  private readonly started: number;

  constructor(
    private readonly bytesTotal: number,
    private readonly sink: ((p: ImportProgress) => void) | undefined,
    private readonly now: () => number = () => performance.now(),
    private readonly minIntervalMs = 100,
  ) {
    this.started = now();
  }

  /** Reports progress; `force` bypasses the throttle (step changes, the end). */
  report(step: ImportStep, bytesDone: number, rows: number, fraction: number, force = false): void {
    if (!this.sink) return;
    const t = this.now();
    if (!force && t - this.lastEmit < this.minIntervalMs) return;
    this.lastEmit = t;
    const elapsed = Math.max((t - this.started) / 1000, 1e-6);
    const f = Math.min(Math.max(fraction, 0), 1);
    const p: ImportProgress = {
      step,
      bytesDone,
      bytesTotal: this.bytesTotal,
      rows,
      rowsPerSec: Math.round(rows / elapsed),
      fraction: f,
    };
    if (f > 0.01) p.etaSec = Math.max(0, (elapsed * (1 - f)) / f);
    this.sink(p);
  }
}
