// `sluice serve` composition: start the web mode over an engine, print the URL as the first line of stdout
// (scripts and tests read it), optionally open the browser. The CLI owns the engine and the process lifetime.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppBridge } from '../core/contract/api.js';
import { startServer, type RunningServer, type ServerLog } from './http-server.js';

/** Options of `serve`. */
export interface ServeOptions {
  api: AppBridge;
  /** A CSV file (or project) the UI opens at once. */
  file?: string;
  port?: number;
  /** Non-loopback hosts are served only when given here, with a warning. */
  host?: string;
  /** Open the URL in the default browser. */
  open?: boolean;
  /** Default: renderer/dist of this package. */
  staticDir?: string;
  log?: ServerLog;
  /** Where the URL line goes (default process.stdout). */
  out?: { write(s: string): unknown };
}

/** Finds `rel` in this package, from source (server/) or from the build (dist/server/). */
export function findInPackage(rel: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, rel);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

/** Opens a URL with the platform's opener, detached; failure to open is not fatal. */
export function openInBrowser(url: string, log?: ServerLog): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { detached: true, stdio: 'ignore' });
    child.on('error', (e) => log?.warn(`could not open a browser: ${e.message}`));
    child.unref();
  } catch (e) {
    log?.warn(`could not open a browser: ${String(e)}`);
  }
}

/** Starts the web mode and prints its URL as the first stdout line. */
export async function serve(opts: ServeOptions): Promise<RunningServer> {
  const server = await startServer({
    api: opts.api,
    staticDir: opts.staticDir ?? findInPackage('renderer/dist'),
    host: opts.host,
    port: opts.port,
    log: opts.log,
    boot: {
      openPath: opts.file ? resolve(opts.file) : undefined,
      examplePath: findInPackage('examples/orders/orders.csv'),
    },
  });
  (opts.out ?? process.stdout).write(`${server.url}\n`);
  if (opts.open) openInBrowser(server.url, opts.log);
  return server;
}
