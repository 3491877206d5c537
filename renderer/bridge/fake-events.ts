// Events and jobs for the fake bridge: a typed hub and a runner that mirrors the engine's job semantics
// (one final event per job; cancellation ends it with CANCELLED).

import type { AppEventSource, AppEvents, EventName } from '../../core/contract/api.js';
import { AppError, serializeError } from '../../core/contract/errors.js';
import type { JobKind, JobProgress } from '../../core/contract/jobs.js';

/** A typed event hub. */
export interface FakeHub extends AppEventSource {
  emit<E extends EventName>(event: E, payload: AppEvents[E]): void;
}

/** Creates a hub; a throwing handler never stops the others. */
export function createHub(): FakeHub {
  const handlers = new Map<EventName, Set<(p: never) => void>>();
  return {
    on(event, handler) {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler as (p: never) => void);
      return () => void set.delete(handler as (p: never) => void);
    },
    emit(event, payload) {
      for (const h of [...(handlers.get(event) ?? [])]) {
        try {
          (h as (p: typeof payload) => void)(payload);
        } catch (e) {
          console.error('event handler failed', e);
        }
      }
    },
  };
}

/** A job of the fake. */
export interface FakeJob<T> {
  id: string;
  promise: Promise<T>;
}

/** Runs fake jobs with ids, progress and cancellation. */
export function createJobRunner(hub: FakeHub) {
  const running = new Map<string, AbortController>();
  let seq = 0;
  return {
    start<T>(
      kind: JobKind,
      datasetId: string,
      work: (
        signal: AbortSignal,
        progress: (p: Omit<JobProgress, 'jobId' | 'kind' | 'datasetId'>) => void,
      ) => Promise<T>,
    ): FakeJob<T> {
      const id = `job-${++seq}`;
      const ctrl = new AbortController();
      running.set(id, ctrl);
      const promise = (async () => {
        try {
          const value = await work(ctrl.signal, (p) =>
            hub.emit('jobs.progress', { jobId: id, kind, datasetId, ...p }),
          );
          hub.emit('jobs.finished', { jobId: id, kind, datasetId, ok: true });
          return value;
        } catch (e) {
          hub.emit('jobs.finished', { jobId: id, kind, datasetId, ok: false, error: serializeError(e) });
          throw e;
        } finally {
          running.delete(id);
        }
      })();
      promise.catch(() => {});
      return { id, promise };
    },
    cancel(jobId: string): boolean {
      const ctrl = running.get(jobId);
      ctrl?.abort();
      return !!ctrl;
    },
  };
}

/** Waits `ms` (a macrotask even at 0, so the UI and other calls interleave); CANCELLED when aborted. */
export function tick(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new AppError('CANCELLED', 'Cancelled by the user.'));
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new AppError('CANCELLED', 'Cancelled by the user.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
