// Long work runs as jobs: each has an AbortController (cancel), throttled progress events and one final
// event. Cancellation is an outcome (CANCELLED), not a failure.

import { randomUUID } from 'node:crypto';
import type { JobKind, JobProgress } from '../contract/jobs.js';
import { serializeError } from '../contract/errors.js';
import type { EventHub } from './events.js';

/** Progress a job reports (jobId and kind are filled in). */
export type ProgressUpdate = Omit<JobProgress, 'jobId' | 'kind' | 'datasetId'>;

/** A running job. */
export interface Job<T> {
  id: string;
  kind: JobKind;
  promise: Promise<T>;
}

/** Keeps the running jobs of an engine. */
export class JobRunner {
  private readonly running = new Map<string, AbortController>();
  private readonly promises = new Set<Promise<unknown>>();

  constructor(
    private readonly events: EventHub,
    private readonly now: () => number = Date.now,
    private readonly progressIntervalMs = 100,
  ) {}

  /** Starts `work` as a job; progress is throttled to one event per interval (the last one always goes). */
  start<T>(
    kind: JobKind,
    datasetId: string | undefined,
    work: (signal: AbortSignal, progress: (p: ProgressUpdate) => void) => Promise<T>,
  ): Job<T> {
    const id = randomUUID();
    const ctrl = new AbortController();
    this.running.set(id, ctrl);
    let last = 0;
    const progress = (p: ProgressUpdate) => {
      const t = this.now();
      if (t - last < this.progressIntervalMs && p.fraction !== 1) return;
      last = t;
      this.events.emit('jobs.progress', { jobId: id, kind, datasetId, ...p });
    };
    const promise = (async () => {
      try {
        const value = await work(ctrl.signal, progress);
        this.events.emit('jobs.finished', { jobId: id, kind, datasetId, ok: true });
        return value;
      } catch (e) {
        this.events.emit('jobs.finished', {
          jobId: id,
          kind,
          datasetId,
          ok: false,
          error: serializeError(e),
        });
        throw e;
      } finally {
        this.running.delete(id);
      }
    })();
    // The caller may never await a background job: keep its rejection from crashing the process.
    promise.catch(() => {});
    this.promises.add(promise);
    void promise.finally(() => this.promises.delete(promise)).catch(() => {});
    return { id, kind, promise };
  }

  /** Cancels a running job; false when it is not running (finished or unknown). */
  cancel(jobId: string): boolean {
    const ctrl = this.running.get(jobId);
    if (!ctrl) return false;
    ctrl.abort();
    return true;
  }

  /** Resolves once every job running now has ended (shutdown waits so no job writes to a closed project). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.promises]);
  }

  /** Cancels every running job (engine shutdown). */
  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }
}
