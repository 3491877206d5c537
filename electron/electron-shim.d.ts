// The Electron APIs this shell uses, declared by hand: the `electron` package (and its binary) cannot be
// installed on the build machines, so electron/ is type-checked against this file (electron/tsconfig.json).
// Signatures follow Electron 33+; keep them a strict subset of the real ones so the code compiles unchanged
// against the real typings once `electron` is a dependency (then delete this file).

declare module 'electron' {
  interface Rectangle {
    x: number;
    y: number;
    width: number;
    height: number;
  }

  interface IpcMainInvokeEvent {
    sender: WebContents;
    senderFrame: { url: string } | null;
  }

  interface IpcRendererEvent {
    sender: unknown;
  }

  interface WebContents {
    id: number;
    send(channel: string, ...args: unknown[]): void;
    on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): this;
    on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): this;
    setWindowOpenHandler(
      handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' },
    ): void;
    getURL(): string;
  }

  interface BrowserWindowOptions {
    x?: number;
    y?: number;
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    icon?: string;
    webPreferences?: {
      preload?: string;
      contextIsolation?: boolean;
      sandbox?: boolean;
      nodeIntegration?: boolean;
      nodeIntegrationInWorker?: boolean;
      webSecurity?: boolean;
      allowRunningInsecureContent?: boolean;
      webviewTag?: boolean;
      spellcheck?: boolean;
    };
  }

  class BrowserWindow {
    constructor(options?: BrowserWindowOptions);
    static getAllWindows(): BrowserWindow[];
    webContents: WebContents;
    loadURL(url: string): Promise<void>;
    on(event: 'close' | 'closed' | 'ready-to-show' | 'focus', listener: () => void): this;
    once(event: 'ready-to-show', listener: () => void): this;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    isMaximized(): boolean;
    isFocused(): boolean;
    isDestroyed(): boolean;
    maximize(): void;
    getNormalBounds(): Rectangle;
  }

  interface MenuItemConstructorOptions {
    label?: string;
    role?: string;
    type?: 'normal' | 'separator' | 'submenu';
    accelerator?: string;
    enabled?: boolean;
    click?: () => void;
    submenu?: MenuItemConstructorOptions[];
  }

  class Menu {
    static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
    static setApplicationMenu(menu: Menu | null): void;
  }

  interface OpenDialogReturnValue {
    canceled: boolean;
    filePaths: string[];
  }

  const dialog: {
    showOpenDialog(
      window: BrowserWindow,
      options: {
        title?: string;
        properties?: ('openFile' | 'openDirectory' | 'multiSelections')[];
        filters?: { name: string; extensions: string[] }[];
      },
    ): Promise<OpenDialogReturnValue>;
  };

  const app: {
    isPackaged: boolean;
    whenReady(): Promise<void>;
    quit(): void;
    getPath(name: 'userData' | 'home' | 'documents' | 'temp'): string;
    getAppPath(): string;
    requestSingleInstanceLock(): boolean;
    addRecentDocument(path: string): void;
    on(event: 'second-instance', listener: (event: unknown, argv: string[], cwd: string) => void): void;
    on(event: 'open-file', listener: (event: { preventDefault(): void }, path: string) => void): void;
    on(event: 'window-all-closed' | 'activate' | 'before-quit', listener: () => void): void;
    on(event: 'web-contents-created', listener: (event: unknown, contents: WebContents) => void): void;
  };

  const ipcMain: {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
  };

  const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): void;
  };

  const contextBridge: {
    exposeInMainWorld(key: string, api: unknown): void;
  };

  const webUtils: {
    getPathForFile(file: unknown): string;
  };

  const protocol: {
    registerSchemesAsPrivileged(
      schemes: {
        scheme: string;
        privileges: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean };
      }[],
    ): void;
    handle(scheme: string, handler: (request: { url: string }) => Response | Promise<Response>): void;
  };

  const net: {
    fetch(url: string): Promise<Response>;
  };

  const session: {
    defaultSession: {
      setPermissionRequestHandler(
        handler:
          | ((webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void)
          | null,
      ): void;
    };
  };

  class Notification {
    constructor(options: { title: string; body: string; silent?: boolean });
    static isSupported(): boolean;
    show(): void;
  }

  const shell: {
    openExternal(url: string): Promise<void>;
  };

  const screen: {
    getAllDisplays(): { workArea: Rectangle }[];
  };
}
