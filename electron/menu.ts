// The application menu: File (open, example, quit), then Edit, View and Window from Electron's roles.

import { Menu } from 'electron';

/** What the menu can ask the shell to do. */
export interface MenuActions {
  openFile(): void;
  openExample(): void;
}

/** Installs the application menu. */
export function installMenu(actions: MenuActions): void {
  const mac = process.platform === 'darwin';
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(mac ? [{ role: 'appMenu' }] : []),
      {
        label: 'File',
        submenu: [
          { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: actions.openFile },
          { label: 'Open the Example', click: actions.openExample },
          { type: 'separator' },
          { role: mac ? 'close' : 'quit' },
        ],
      },
      { role: 'editMenu' },
      {
        label: 'View',
        submenu: [
          { role: 'resetZoom' },
          { role: 'zoomIn' },
          { role: 'zoomOut' },
          { type: 'separator' },
          { role: 'togglefullscreen' },
          { role: 'toggleDevTools' },
        ],
      },
      { role: 'windowMenu' },
    ]),
  );
}
