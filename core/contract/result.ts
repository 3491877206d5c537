import type { AppErrorData } from './errors.js';

/** What every contract call resolves to: a value, or a plain-data error (never a throw across a bridge). */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** Wraps a value as a successful Result. */
export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** Wraps plain error data as a failed Result. */
export const fail = <T = never>(error: AppErrorData): Result<T> => ({ ok: false, error });
