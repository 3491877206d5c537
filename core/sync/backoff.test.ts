import { describe, expect, it } from 'vitest';
import { backoffMs, DEFAULT_RETRY, sleep } from './backoff.js';

describe('backoff', () => {
  it('grows exponentially up to the ceiling, with jitter in the upper half', () => {
    const o = { ...DEFAULT_RETRY, baseMs: 100, maxMs: 1000 };
    expect(backoffMs(1, o, () => 0)).toBe(50);
    expect(backoffMs(1, o, () => 1)).toBe(100);
    expect(backoffMs(3, o, () => 1)).toBe(400);
    expect(backoffMs(10, o, () => 1)).toBe(1000);
    expect(backoffMs(10, o, () => 0)).toBe(500);
  });

  it('sleeps until aborted, then throws CANCELLED', async () => {
    const ac = new AbortController();
    const p = sleep(10_000, ac.signal);
    ac.abort();
    await expect(p).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
