import { describe, expect, it } from 'vitest';
import { ProgressReporter, type ImportProgress } from './progress.js';

describe('ProgressReporter', () => {
  it('throttles to one event per 100 ms unless forced, and computes rate and ETA', () => {
    let now = 0;
    const events: ImportProgress[] = [];
    const r = new ProgressReporter(
      1000,
      (p) => events.push(p),
      () => now,
    );
    now = 1000;
    r.report('scan', 100, 50, 0.1);
    now = 1050;
    r.report('scan', 200, 100, 0.2); // throttled
    now = 1100;
    r.report('scan', 300, 150, 0.3);
    now = 1120;
    r.report('load', 1000, 500, 0.5, true);
    expect(events.map((e) => [e.step, e.bytesDone])).toEqual([
      ['scan', 100],
      ['scan', 300],
      ['load', 1000],
    ]);
    expect(events[0]).toMatchObject({ bytesTotal: 1000, rows: 50, rowsPerSec: 50, fraction: 0.1, etaSec: 9 });
  });

  it('omits the ETA until there is progress, and clamps the fraction', () => {
    const events: ImportProgress[] = [];
    let now = 0;
    const r = new ProgressReporter(
      10,
      (p) => events.push(p),
      () => now,
    );
    now = 500;
    r.report('scan', 0, 0, 0, true);
    r.report('finalize', 10, 5, 1.2, true);
    expect(events[0]!.etaSec).toBeUndefined();
    expect(events[1]).toMatchObject({ fraction: 1, etaSec: 0 });
  });
});
