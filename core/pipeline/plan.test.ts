import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.js';
import { parsePipeline } from './parse.js';
import { planRun, whenText } from './plan.js';

const CONFIG = resolveConfig({}, {}).values;

const raw = {
  name: 'orders',
  timezone: 'UTC',
  destinations: [
    { name: 'pq', type: 'parquet', path: '/data/out/orders.parquet' },
    { name: 'review', type: 'csv', path: '/data/out/review.csv', where: 'qty < 0' },
    {
      name: 'wh',
      type: 'postgres',
      options: { table: 'orders', schema: 'sales', connection: 'postgres://u:secret@db.example/x' },
    },
    { name: 'named', type: 'postgres', options: { table: 'public.orders', connection: 'prod' } },
  ],
  phases: [
    { name: 'gen', type: 'custom', sql: 'SELECT 1 AS __line' },
    { name: 'weekly', type: 'transform', sql: 'SELECT * FROM stage', when: { weekdays: ['mon', 'wed'] } },
    {
      name: 'checked',
      type: 'transform',
      sql: 'SELECT * FROM stage',
      when: { sql: '(SELECT count(*) FROM stage) > 0', cron: '* * * * wed' },
    },
    { name: 'files', type: 'load', destinations: ['pq', 'review'] },
    { name: 'all', type: 'load' },
  ],
};

describe('planRun', () => {
  it('gives each phase its condition in words, whatever the decision, and each load its destinations', async () => {
    const p = await parsePipeline(raw);
    // A Wednesday: both calendar conditions hold, so only the data condition is left to the run.
    const plan = planRun(p, [], CONFIG, new Date('2024-06-05T10:00:00Z'));
    expect(plan.phases.map((x) => [x.name, x.decision, x.when])).toEqual([
      ['gen', 'run', undefined],
      ['weekly', 'run', 'on mon/wed'],
      ['checked', 'at-run-time', "cron '* * * * wed' and (SELECT count(*) FROM stage) > 0"],
      ['files', 'run', undefined],
      ['all', 'run', undefined],
    ]);
    expect(plan.phases.slice(0, 3).every((x) => x.destinations === undefined)).toBe(true);
    expect(plan.phases[3]?.destinations).toEqual([
      { name: 'pq', type: 'parquet', path: '/data/out/orders.parquet' },
      { name: 'review', type: 'csv', path: '/data/out/review.csv' },
    ]);
    // A load without a list writes every destination; a URL's password never reaches the plan.
    expect(plan.phases[4]?.destinations).toEqual([
      { name: 'pq', type: 'parquet', path: '/data/out/orders.parquet' },
      { name: 'review', type: 'csv', path: '/data/out/review.csv' },
      { name: 'wh', type: 'postgres', table: 'sales.orders', connection: 'postgres://u@db.example/x' },
      { name: 'named', type: 'postgres', table: 'public.orders', connection: 'prod' },
    ]);
    expect(JSON.stringify(plan)).not.toContain('secret');
  });

  it('keeps the condition of a phase the calendar skips next to the reason', async () => {
    const p = await parsePipeline(raw);
    const plan = planRun(p, [], CONFIG, new Date('2024-06-06T10:00:00Z')); // a Thursday
    expect(plan.phases[1]).toMatchObject({
      decision: 'skip',
      when: 'on mon/wed',
      reason: 'the run started on thu, not mon/wed',
    });
  });

  it('words each part of a condition', () => {
    expect(whenText(undefined)).toBeUndefined();
    expect(whenText({})).toBeUndefined();
    expect(whenText({ sql: 'x > 1' })).toBe('x > 1');
    expect(whenText({ weekdays: ['sat', 'sun'], cron: '0 6 * * *' })).toBe("on sat/sun and cron '0 6 * * *'");
  });
});
