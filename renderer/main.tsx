// The renderer's entry: pick the bridge the host offers (Electron IPC, else the web mode's HTTP), create
// the stores, render. Nothing here knows which engine is behind the bridge.

import '@glideapps/glide-data-grid/dist/index.css';
import './styles/app.css';
import './styles/controls.css';
import './styles/layout.css';
import './styles/screens.css';
import './styles/work.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHttpBridge } from './bridge/http.js';
import { createIpcBridge } from './bridge/ipc.js';
import { detectHost, hideTokenFromAddress, webToken } from './host.js';
import { createAppStores } from './stores/app-stores.js';
import { App } from './ui/app.js';
import { AppProvider } from './ui/context.js';

function storage() {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const host = detectHost();
const bridge = createIpcBridge() ?? createHttpBridge({ baseUrl: location.origin, token: webToken() });
hideTokenFromAddress();
const stores = createAppStores(bridge, { storage: storage() });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProvider value={{ stores, host }}>
      <App />
    </AppProvider>
  </StrictMode>,
);

if (host.openPath) void stores.openFile(host.openPath);
