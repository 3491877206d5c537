// A hand-written bridge for stores of domains the fake does not model (recipes, sync, runs, embeddings): the
// test gives the few methods its store calls; any other method fails loudly; events are emitted by hand.

import type { AppBridge, AppEvents, EventName } from '../../core/contract/api.js';

/** A mock bridge: the given methods, a call log, and `emit` for events. */
export function mockBridge(methods: Record<string, (req: never) => unknown>) {
  const calls: { method: string; req: unknown }[] = [];
  const handlers = new Map<string, Set<(p: unknown) => void>>();
  const bridge = new Proxy({} as AppBridge, {
    get(_t, key) {
      if (key === 'on')
        return (event: string, h: (p: unknown) => void) => {
          const set = handlers.get(event) ?? new Set();
          handlers.set(event, set);
          set.add(h);
          return () => set.delete(h);
        };
      if (typeof key !== 'string') return undefined;
      const fn = methods[key];
      return async (req: unknown) => {
        calls.push({ method: key, req });
        if (!fn) throw new Error(`unexpected call ${key}`);
        return fn(req as never);
      };
    },
  });
  const emit = <E extends EventName>(event: E, payload: AppEvents[E]) =>
    handlers.get(event)?.forEach((h) => h(payload));
  return { bridge, calls, emit };
}
