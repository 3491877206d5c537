// The web mode's transport (ARCHITECTURE §1): the same AppApi over HTTP, its events over a WebSocket,
// and the renderer build, on 127.0.0.1 behind a random token. No CORS headers are ever sent, so another
// site's page cannot read an answer even if it guessed a URL.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { AppBridge } from '../core/contract/api.js';
import { handleApi, transportError } from './api-route.js';
import { hasToken, hostAllowed, isLoopback, newToken, tokenCookie } from './auth.js';
import { createEventsSocket } from './events-socket.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { resolveStatic, sendFile, sendIndex, type BootInfo } from './static-files.js';

/** Where the server writes what happens (the engine's Logger fits). */
export interface ServerLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Options of `startServer`. */
export interface ServerOptions {
  api: AppBridge;
  /** The renderer build to serve (renderer/dist); without it the page says how to build it. */
  staticDir?: string;
  /** Default 127.0.0.1. Anything not loopback is served, with a warning: the token is then all that protects it. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default: 32 random bytes, hex. */
  token?: string;
  /** What the page learns at load (file to open, example path). */
  boot?: BootInfo;
  log?: ServerLog;
}

/** A running web-mode server. */
export interface RunningServer {
  /** The address to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const stderrLog: ServerLog = {
  info() {},
  warn: (msg, fields) => console.warn(`sluice: ${msg}`, fields ?? ''),
  error: (msg, fields) => console.error(`sluice: ${msg}`, fields ?? ''),
};

function refuse(res: ServerResponse, status: number, message: string, hint: string): void {
  transportError(res, status, status === 404 ? 'NOT_FOUND' : 'BAD_USAGE', message, hint);
}

const TOKEN_HINT = 'Open the URL printed by `sluice serve`, with its ?token=… part.';

/** Starts the web-mode server. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const loopback = isLoopback(host);
  const token = opts.token ?? newToken();
  const log = opts.log ?? stderrLog;
  const staticDir = opts.staticDir ? resolve(opts.staticDir) : undefined;
  const boot = opts.boot ?? {};
  const events = createEventsSocket(opts.api);
  if (!loopback)
    log.warn(
      `serving on ${host}: other machines can reach this server; anyone with the token can read your files`,
    );

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    if (!hostAllowed(req, loopback))
      return refuse(res, 403, 'Host not allowed.', 'Use 127.0.0.1 or localhost.');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;

    if (path.startsWith('/api/')) {
      if (!hasToken(req, url, token, { header: true, query: true }))
        return refuse(res, 401, 'Missing or wrong token.', TOKEN_HINT);
      return handleApi(opts.api, path.slice('/api/'.length), req, res, (e) =>
        log.error('engine method threw', { path, error: String(e) }),
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, 'Method not allowed.', 'Use GET.');
    if (path === '/' || path === '/index.html') {
      if (hasToken(req, url, token, { query: true, header: true }))
        res.setHeader('set-cookie', tokenCookie(token));
      else if (!hasToken(req, url, token, { cookie: true }))
        return refuse(res, 401, 'Missing or wrong token.', TOKEN_HINT);
      return sendIndex(res, staticDir, token, boot);
    }
    if (!hasToken(req, url, token, { cookie: true, query: true, header: true }))
      return refuse(res, 401, 'Missing or wrong token.', TOKEN_HINT);
    const file = staticDir ? await resolveStatic(staticDir, path) : null;
    if (!file) return refuse(res, 404, `Not found: ${path}`, 'Open / instead.');
    return sendFile(res, file);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    // Browsers always send Origin on WebSocket requests; a cross-site page's origin does not match Host.
    const originOk = !origin || safeHost(origin) === req.headers.host;
    const status =
      url.pathname !== '/events'
        ? '404 Not Found'
        : !hostAllowed(req, loopback) || !originOk
          ? '403 Forbidden'
          : !hasToken(req, url, token, { query: true, header: true })
            ? '401 Unauthorized'
            : null;
    if (status) {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    events.upgrade(req, socket, head);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((e: unknown) => {
      log.error('request failed', { url: req.url, error: String(e) });
      if (!res.headersSent) transportError(res, 500, 'INTERNAL', 'The server failed to answer.');
      else res.destroy();
    });
  });
  server.on('upgrade', onUpgrade);

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost =
    host === '0.0.0.0' || host === '::' ? hostname() : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      await events.close();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
    },
  };
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
