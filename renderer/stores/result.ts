// Results in stores: a failed call becomes the store's `error` (plain data the UI can show), never a throw.

import type { AppErrorData } from '../../core/contract/errors.js';
import type { Result } from '../../core/contract/result.js';

/** The error of a failed Result, or null. */
export const errorOf = (r: Result<unknown>): AppErrorData | null => (r.ok ? null : r.error);

/** Plain error data for something thrown inside the renderer (a bug, or bad user JSON). */
export function localError(code: AppErrorData['code'], message: string, hint?: string): AppErrorData {
  return { code, message, details: hint ? { hint } : {} };
}

/** A counter that tells whether an answer is still the latest one asked for (older answers are dropped). */
export function latest() {
  let n = 0;
  return {
    next: () => ++n,
    is: (k: number) => k === n,
  };
}
