// What the hosting shell offers beyond the contract: where to start (a file given on the command line,
// the bundled example) and, in Electron only, a native open dialog and paths of dropped files. The web
// mode reads its boot info from <meta> tags the server injects; Electron passes it in the page's query.

/** Host capabilities. */
export interface Host {
  kind: 'web' | 'electron';
  /** A file to open at once. */
  openPath?: string;
  /** The bundled example's path. */
  examplePath?: string;
  /** Native open dialog; absent in the web mode (the user types a path). */
  pickFile?(): Promise<string | null>;
  /** The path of a dropped file; absent where the browser hides it (web mode). */
  pathForFile?(file: File): string | null;
  /** Subscribes to "open this file" requests from the shell (menu, second instance, OS). */
  onOpenRequest?(handler: (path: string) => void): () => void;
}

/** What the Electron preload exposes as `window.sluiceHost` (boot paths come in the page's query). */
export interface ElectronHost {
  pickFile(): Promise<string | null>;
  pathForFile(file: File): string | null;
  onOpenRequest(handler: (path: string) => void): () => void;
}

declare global {
  interface Window {
    sluiceHost?: ElectronHost;
  }
}

function meta(name: string): string | null {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? null;
}

/** The web mode's session token: injected by the server, or from the address the user opened. */
export function webToken(): string {
  return meta('sluice-token') ?? new URLSearchParams(location.search).get('token') ?? '';
}

/** Removes the token from the address bar (and so from history); the page keeps it in memory. */
export function hideTokenFromAddress(): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(null, '', url.pathname + url.search + url.hash);
}

/** The host the page runs in. */
export function detectHost(): Host {
  const electron = window.sluiceHost;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  if (electron) {
    const q = new URLSearchParams(location.search);
    return {
      kind: 'electron',
      openPath: str(q.get('open')),
      examplePath: str(q.get('example')),
      pickFile: () => electron.pickFile(),
      pathForFile: (f) => electron.pathForFile(f),
      onOpenRequest: (h) => electron.onOpenRequest(h),
    };
  }
  let boot: { openPath?: unknown; examplePath?: unknown } = {};
  try {
    boot = JSON.parse(meta('sluice-boot') ?? '{}') as typeof boot;
  } catch {
    // A page without boot info starts empty.
  }
  return { kind: 'web', openPath: str(boot.openPath), examplePath: str(boot.examplePath) };
}
