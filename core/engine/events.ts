// A typed event hub for the contract's events: the engine emits, bridges subscribe.

import type { AppEventSource, AppEvents, EventName } from '../contract/api.js';

/** Emitter + subscription for AppEvents. */
export interface EventHub extends AppEventSource {
  emit<E extends EventName>(event: E, payload: AppEvents[E]): void;
}

/** Creates an event hub; a throwing handler is logged, never breaks the emitter or other handlers. */
export function createEventHub(onHandlerError: (e: unknown) => void = () => {}): EventHub {
  const handlers = new Map<EventName, Set<(p: never) => void>>();
  return {
    on(event, handler) {
      let set = handlers.get(event);
      if (!set) handlers.set(event, (set = new Set()));
      set.add(handler as (p: never) => void);
      return () => void set.delete(handler as (p: never) => void);
    },
    emit(event, payload) {
      for (const h of handlers.get(event) ?? []) {
        try {
          (h as (p: typeof payload) => void)(payload);
        } catch (e) {
          onHandlerError(e);
        }
      }
    },
  };
}
