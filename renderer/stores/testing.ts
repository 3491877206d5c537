// Test helpers for the stores: a fake bridge with a small dirty CSV, and a call log around it.

import type { AppBridge, MethodName } from '../../core/contract/api.js';
import { createFakeBridge, type FakeBridgeOptions } from '../bridge/fake.js';

/** A small orders file: 6 data lines, one malformed (line 6), several findings under SCHEMA. */
export const SMALL_CSV = [
  'id,qty,email',
  '1,2,a@x.org',
  '2,0,b@x.org',
  '3,x,c@x.org',
  '3,1,',
  '5,1,e@x.org,extra',
  '6,4,bad',
  '',
].join('\n');

/** A file of `n` rows: n, n*2 (line = n + 2). */
export function numbersCsv(n: number): string {
  return ['n,double', ...Array.from({ length: n }, (_, i) => `${i},${i * 2}`), ''].join('\n');
}

/** A fake bridge holding /data/small.csv and /data/numbers.csv, with every call logged. */
export function spiedFake(opts: FakeBridgeOptions = {}) {
  const fake = createFakeBridge({
    files: { '/data/small.csv': SMALL_CSV, '/data/numbers.csv': numbersCsv(1000) },
    ...opts,
  });
  const calls: { method: MethodName; req: unknown }[] = [];
  const bridge = new Proxy(fake, {
    get(target, key, receiver) {
      const v = Reflect.get(target, key, receiver) as unknown;
      if (typeof key !== 'string' || key === 'on' || key === 'addFile' || typeof v !== 'function') return v;
      return (req: unknown) => {
        calls.push({ method: key as MethodName, req });
        return (v as (r: unknown) => unknown)(req);
      };
    },
  }) as AppBridge & { addFile(path: string, text: string): void };
  const count = (method: MethodName) => calls.filter((c) => c.method === method).length;
  return { bridge, calls, count };
}
