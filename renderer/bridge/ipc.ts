// The Electron bridge: `window.app`, exposed by electron/preload.ts through contextBridge. Each method is
// wrapped so that an IPC failure (the main process gone, a value that cannot be cloned) still resolves to a
// Result, as every bridge must.

import type { AppBridge, MethodName, RequestOf, ValueOf } from '../../core/contract/api.js';
import { fail, type Result } from '../../core/contract/result.js';
import { callEach } from './call-each.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the web mode. */
    app?: AppBridge;
  }
}

/** The bridge over Electron IPC (`window.app`, or the given object), or null outside Electron. */
export function createIpcBridge(
  app: AppBridge | undefined = (globalThis as { app?: AppBridge }).app,
): AppBridge | null {
  if (!app) return null;
  const raw = app;
  const lost = (method: string) =>
    fail({ code: 'INTERNAL', message: `IPC call ${method} returned nothing.`, details: {} });
  async function call<M extends MethodName>(method: M, req: RequestOf<M>): Promise<Result<ValueOf<M>>> {
    try {
      return (await (raw[method] as (r: RequestOf<M>) => Promise<Result<ValueOf<M>>>)(req)) ?? lost(method);
    } catch (e) {
      return fail({ code: 'INTERNAL', message: `IPC call ${method} failed: ${String(e)}`, details: {} });
    }
  }

  return {
    ...callEach(call),
    on: (event, handler) => raw.on(event, handler),
  } satisfies AppBridge;
}
