// The preload: exposes exactly the contract (`window.app`: its methods and `on`) and a few host functions
// (`window.sluiceHost`: open dialog, dropped-file paths, open requests from the menu). It is CommonJS
// (.cts) because a sandboxed preload cannot be an ES module, and it imports nothing local at run time
// (a sandboxed preload cannot `require` project files): the lists below are checked against the contract
// by the compiler instead.

// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS is what a sandboxed preload runs.
import electron = require('electron');

import type { IpcRendererEvent } from 'electron';
import type { AppEvents, EventName, MethodName } from '../core/contract/api.js';

const { contextBridge, ipcRenderer, webUtils } = electron;

const METHODS = [
  'datasets.detect',
  'datasets.open',
  'datasets.get',
  'datasets.preview',
  'datasets.waitForImport',
  'datasets.rows',
  'datasets.rejects',
  'profile.get',
  'schema.infer',
  'schema.get',
  'schema.set',
  'validation.run',
  'findings.summary',
  'findings.page',
  'findings.export',
  'jobs.cancel',
  'recipe.get',
  'recipe.apply',
  'recipe.undo',
  'recipe.redo',
  'recipe.setEnabled',
  'recipe.update',
  'recipe.remove',
  'recipe.cancel',
  'recipe.preview',
  'recipe.export',
  'recipe.import',
  'recipe.writeData',
  'recipe.setSecrets',
  'recipe.jsonSchema',
  'suggestions.list',
  'clusters.find',
  'pii.detect',
  'runs.plan',
  'runs.start',
  'runs.resume',
  'runs.wait',
  'runs.cancel',
  'runs.list',
  'runs.get',
  'runs.rollback',
  'runs.log',
  'runs.metrics',
  'runs.watch',
  'embed.models',
  'embed.run',
  'embed.columns',
  'embed.similar',
  'embed.projectSource',
  'sync.plan',
  'sync.run',
  'sync.wait',
  'sync.resyncFixed',
  'sync.rollback',
  'sync.list',
  'sync.get',
  'connections.add',
  'connections.edit',
  'connections.list',
  'connections.test',
  'connections.remove',
] as const satisfies readonly MethodName[];
type MissingMethod = Exclude<MethodName, (typeof METHODS)[number]>;
const _allMethods: MissingMethod extends never ? true : MissingMethod = true;
void _allMethods;

const EVENTS: readonly EventName[] = [
  'jobs.progress',
  'jobs.finished',
  'recipe.progress',
  'recipe.changed',
  'runs.progress',
  'runs.event',
  'runs.watched',
  'embed.progress',
  'sync.progress',
  'sync.finished',
];
const CHANNELS = {
  invoke: 'sluice:invoke',
  event: 'sluice:event',
  openRequest: 'sluice:open',
  pickFile: 'sluice:pick-file',
};

const app: Record<string, unknown> = {};
for (const m of METHODS) app[m] = (req: unknown) => ipcRenderer.invoke(CHANNELS.invoke, m, req);
app.on = <E extends EventName>(event: E, handler: (payload: AppEvents[E]) => void) => {
  if (!EVENTS.includes(event)) throw new Error(`Unknown event '${event}'.`);
  const listener = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (name === event) handler(payload as AppEvents[E]);
  };
  ipcRenderer.on(CHANNELS.event, listener);
  return () => ipcRenderer.removeListener(CHANNELS.event, listener);
};

contextBridge.exposeInMainWorld('app', app);

contextBridge.exposeInMainWorld('sluiceHost', {
  pickFile: () => ipcRenderer.invoke(CHANNELS.pickFile) as Promise<string | null>,
  pathForFile: (file: unknown) => webUtils.getPathForFile(file) || null,
  onOpenRequest(handler: (path: string) => void) {
    const listener = (_e: IpcRendererEvent, path: unknown) => typeof path === 'string' && handler(path);
    ipcRenderer.on(CHANNELS.openRequest, listener);
    return () => ipcRenderer.removeListener(CHANNELS.openRequest, listener);
  },
});
