// Per-phase retry: exponential backoff with jitter, capped. Whether an error is worth retrying is decided
// only by the error table (isTransient), never by matching messages here.

import { AppError, isTransient } from '../contract/errors.js';
import type { RetryPolicy } from './types.js';

/** The delay before try `attempt + 1` (attempt ≥ 1), given a random number in [0, 1). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: number): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.factor ** (attempt - 1));
  return Math.round(full * (1 - policy.jitter * random));
}

/** Resolves after `ms`, or rejects with CANCELLED as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError('CANCELLED', 'Cancelled by the user.'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AppError('CANCELLED', 'Cancelled by the user.'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What `withRetry` tells its caller before each retry. */
export interface RetryNotice {
  attempt: number;
  delayMs: number;
  error: unknown;
}

/** Runs `work(attempt)` until it succeeds, a non-transient error occurs, or the tries are used up. */
export async function withRetry<T>(
  policy: RetryPolicy,
  work: (attempt: number) => Promise<T>,
  opts: { signal?: AbortSignal; onRetry?: (n: RetryNotice) => void; random?: () => number } = {},
): Promise<{ value: T; attempts: number }> {
  const random = opts.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await work(attempt), attempts: attempt };
    } catch (e) {
      if (!isTransient(e) || attempt >= policy.attempts || opts.signal?.aborted) {
        if (e instanceof AppError) e.details.attempts = attempt;
        throw e;
      }
      const delayMs = backoffDelay(policy, attempt, random());
      opts.onRetry?.({ attempt, delayMs, error: e });
      await sleep(delayMs, opts.signal);
    }
  }
}
