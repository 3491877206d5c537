// The engine behind IPC: one invoke channel for every contract method (checked against METHOD_NAMES and
// the sender's origin), and one event channel fanning engine events out to every window.

import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES, METHOD_NAMES, type AppBridge, type MethodName } from '../core/contract/api.js';
import { serializeError } from '../core/contract/errors.js';
import { fail } from '../core/contract/result.js';
import { APP_ORIGIN } from './app-protocol.js';

/** IPC channel names (repeated in preload.cts, which cannot import local modules when sandboxed). */
export const CHANNELS = {
  invoke: 'sluice:invoke',
  event: 'sluice:event',
  openRequest: 'sluice:open',
  pickFile: 'sluice:pick-file',
} as const;

const METHODS = new Set<string>(METHOD_NAMES);

function trusted(e: IpcMainInvokeEvent): boolean {
  // Only our own page may call the engine (never a page that somehow navigated elsewhere).
  return !!e.senderFrame && new URL(e.senderFrame.url).origin === APP_ORIGIN;
}

/** Serves the engine to the windows; returns a function that stops forwarding events. */
export function attachEngine(engine: AppBridge): () => void {
  ipcMain.handle(CHANNELS.invoke, async (e, method, req) => {
    if (!trusted(e))
      return fail({ code: 'BAD_USAGE', message: 'Call refused: untrusted sender.', details: {} });
    if (typeof method !== 'string' || !METHODS.has(method))
      return fail({ code: 'NOT_FOUND', message: `Unknown method '${String(method)}'.`, details: {} });
    try {
      return await (engine[method as MethodName] as (r: unknown) => Promise<unknown>)(req);
    } catch (err) {
      return fail(serializeError(err));
    }
  });
  const offs = EVENT_NAMES.map((event) =>
    engine.on(event, (payload) => {
      for (const win of BrowserWindow.getAllWindows())
        if (!win.isDestroyed()) win.webContents.send(CHANNELS.event, event, payload);
    }),
  );
  return () => offs.forEach((off) => off());
}
