// Electron main process: the desktop host of Sluice (ARCHITECTURE §1), a thin composition root.
//
// NOTE: the `electron` package is NOT installed in this repository and cannot be (its binary cannot be
// downloaded on the build machines). electron/ is type-checked against electron/electron-shim.d.ts and
// compiled by `npm run build:desktop` (dist/electron/main.js, preload.cjs), but excluded from vitest: everything
// behind the shell — engine, contract, renderer — is tested through the web mode (server/) in Chromium instead.
// To run it where Electron can be downloaded: `npm i -D electron`, `npm run build:desktop`,
// `npx electron dist/electron/main.js`; `npx electron-builder` packages it (electron-builder.yml).

import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { hostDeps } from '../core/adapters/host-deps.js';
import { createEngine } from '../core/engine/index.js';
import { createWorkerPool } from '../workers/pool.js';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol.js';
import { attachEngine, CHANNELS } from './engine-ipc.js';
import { installMenu } from './menu.js';
import { notifyLongJobs } from './notify.js';
import { loadWindowState, trackWindowState } from './window-state.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = app.getAppPath();
const example = join(root, 'examples/orders/orders.csv');
const CSV = /\.(csv|tsv|txt)$/i;

/** A CSV path among command-line arguments (file association, `sluice-desktop FILE`, second instance). */
function fileArg(argv: string[], cwd = process.cwd()): string | undefined {
  for (const a of argv.slice(1)) {
    const p = resolve(cwd, a);
    if (!a.startsWith('-') && CSV.test(a) && existsSync(p) && statSync(p).isFile()) return p;
  }
  return undefined;
}

if (!app.requestSingleInstanceLock()) app.quit();
registerAppScheme();

const engine = createEngine(
  hostDeps({ createPool: createWorkerPool, log: { info() {}, warn: console.warn, error: console.error } }),
);
let win: BrowserWindow | null = null;

function openInWindow(path: string): void {
  app.addRecentDocument(path);
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
  win.webContents.send(CHANNELS.openRequest, path);
}

async function pickFile(): Promise<string | null> {
  if (!win) return null;
  const r = await dialog.showOpenDialog(win, {
    title: 'Open a CSV file',
    properties: ['openFile'],
    filters: [
      { name: 'CSV files', extensions: ['csv', 'tsv', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  const path = r.canceled ? null : (r.filePaths[0] ?? null);
  if (path) app.addRecentDocument(path);
  return path;
}

function createWindow(initialFile?: string): void {
  const state = loadWindowState();
  win = new BrowserWindow({
    ...state.bounds,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Sluice',
    backgroundColor: '#1e1e1e',
    icon: join(root, 'resources/icon.png'),
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (state.maximized) win.maximize();
  trackWindowState(win);
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => (win = null));
  // Boot info travels in the query (the sandboxed preload cannot read the file system).
  const query = new URLSearchParams({ example, ...(initialFile ? { open: initialFile } : {}) });
  void win.loadURL(`${APP_ORIGIN}/index.html?${query}`);
}

app.on('web-contents-created', (_e, contents) => {
  // No navigation away from the app, no new windows, no <webview>: external content never loads.
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (e) => e.preventDefault());
});

app.on('second-instance', (_e, argv, cwd) => {
  const path = fileArg(argv, cwd);
  if (path) openInWindow(path);
  else if (win) win.focus();
});

app.on('open-file', (e, path) => {
  e.preventDefault();
  openInWindow(path);
});

app.on('window-all-closed', () => app.quit());
app.on('before-quit', () => void engine.close());

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  serveRenderer(join(root, 'renderer/dist'));
  attachEngine(engine);
  notifyLongJobs(engine, () => win);
  ipcMain.handle(CHANNELS.pickFile, () => pickFile());
  installMenu({
    openFile: () => void pickFile().then((p) => p && openInWindow(p)),
    openExample: () => openInWindow(example),
  });
  createWindow(fileArg(process.argv));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});
