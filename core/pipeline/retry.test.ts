import { describe, expect, it } from 'vitest';
import { AppError } from '../contract/errors.js';
import { backoffDelay, withRetry } from './retry.js';

const policy = { attempts: 4, baseDelayMs: 100, factor: 2, maxDelayMs: 300, jitter: 0.5 };

describe('retry', () => {
  it('grows delays exponentially, caps them and jitters within the share', () => {
    expect([1, 2, 3, 4].map((a) => backoffDelay(policy, a, 0))).toEqual([100, 200, 300, 300]);
    expect(backoffDelay(policy, 2, 0.999)).toBe(100);
    expect(backoffDelay({ ...policy, jitter: 0 }, 2, 0.9)).toBe(200);
  });

  it('retries transient errors only, as the error table says', async () => {
    let calls = 0;
    const delays: number[] = [];
    const r = await withRetry(
      { ...policy, baseDelayMs: 1 },
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new AppError('DB_TRANSIENT', 'connection reset');
        return 'ok';
      },
      { onRetry: (n) => delays.push(n.delayMs), random: () => 0 },
    );
    expect(r).toEqual({ value: 'ok', attempts: 3 });
    expect(delays).toEqual([1, 2]);

    calls = 0;
    const terminal = withRetry(policy, async () => {
      calls++;
      throw new AppError('DB_DATA', 'bad row');
    });
    await expect(terminal).rejects.toMatchObject({ code: 'DB_DATA', details: { attempts: 1 } });
    expect(calls).toBe(1);
    // Plain errors are bugs (INTERNAL): never retried.
    await expect(withRetry(policy, async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
  });

  it('gives up after the last attempt and stops waiting on cancel', async () => {
    const always = () => Promise.reject(new AppError('IO_TRANSIENT', 'disk busy'));
    await expect(withRetry({ ...policy, baseDelayMs: 1, attempts: 3 }, always)).rejects.toMatchObject({
      details: { attempts: 3 },
    });
    const ctrl = new AbortController();
    const started = Date.now();
    const p = withRetry({ ...policy, baseDelayMs: 60_000, maxDelayMs: 60_000 }, always, {
      signal: ctrl.signal,
    });
    setTimeout(() => ctrl.abort(), 20);
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
