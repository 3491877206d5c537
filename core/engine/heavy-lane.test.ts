import { describe, expect, it } from 'vitest';
import { inHeavyLane, type HeavyLanes } from './heavy-lane.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inHeavyLane', () => {
  it('runs the jobs of one project one at a time, in order, and other projects alongside', async () => {
    const lanes: HeavyLanes = new Map();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name}+`);
      await tick(ms);
      log.push(`${name}-`);
      return name;
    };
    const results = await Promise.all([
      inHeavyLane(lanes, '/p', job('a', 30)),
      inHeavyLane(lanes, '/p', job('b', 5)),
      inHeavyLane(lanes, '/q', job('c', 5)),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log.indexOf('a-')).toBeLessThan(log.indexOf('b+'));
    expect(log.indexOf('c+')).toBeLessThan(log.indexOf('a-'));
  });

  it('keeps going after a failed job, and forgets idle lanes', async () => {
    const lanes: HeavyLanes = new Map();
    const failed = inHeavyLane(lanes, '/p', async () => {
      throw new Error('boom');
    });
    const next = inHeavyLane(lanes, '/p', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    await tick(0);
    expect(lanes.size).toBe(0);
  });
});
