import type { AppBridge } from '../../core/contract/api.js';
import { METHOD_NAMES } from '../../core/contract/api.js';
import { createFakeBridge } from '../../renderer/bridge/fake.js';
import { createIpcBridge } from '../../renderer/bridge/ipc.js';
import { contractSuite } from './contract-suite.js';

// What electron/preload.cts exposes, simulated: every request and answer crosses a structured clone, as
// through ipcRenderer.invoke, so a value that cannot cross IPC (a function, a class instance) fails here.
function preloadLike(engine: AppBridge): AppBridge {
  const app: Record<string, unknown> = {};
  for (const m of METHOD_NAMES)
    app[m] = async (req: unknown) =>
      structuredClone(await (engine[m] as (r: unknown) => Promise<unknown>)(structuredClone(req)));
  app.on = (event: never, handler: (p: unknown) => void) =>
    engine.on(event, (p: unknown) => handler(structuredClone(p)));
  return app as unknown as AppBridge;
}

contractSuite('IPC bridge → preload (structured clone) → fake', async () => {
  const fake = createFakeBridge();
  const bridge = createIpcBridge(preloadLike(fake));
  if (!bridge) throw new Error('no bridge');
  return {
    bridge,
    missingPath: '/virtual/missing.csv',
    makeFile: async (name, text) => {
      fake.addFile(`/virtual/${name}`, text);
      return `/virtual/${name}`;
    },
    dispose: async () => {},
  };
});
