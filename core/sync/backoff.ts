// Retry timing for transient database errors: exponential backoff with jitter, abortable.

import { AppError } from '../contract/errors.js';

/** How often and how patiently a batch is retried after a transient error. */
export interface RetryOptions {
  /** Retries per batch before the sync pauses (default 6). */
  maxRetries: number;
  /** First delay in ms (default 250); doubles each retry. */
  baseMs: number;
  /** Longest delay in ms (default 10 000). */
  maxMs: number;
}

/** Defaults for RetryOptions. */
export const DEFAULT_RETRY: RetryOptions = { maxRetries: 6, baseMs: 250, maxMs: 10_000 };

/** Delay before retry number `attempt` (1-based): "equal jitter", half fixed and half random, so that
 * parallel workers hit by the same outage do not come back in lockstep. */
export function backoffMs(attempt: number, o: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Waits `ms`, or throws CANCELLED as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new AppError('CANCELLED', 'Sync cancelled.');
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
