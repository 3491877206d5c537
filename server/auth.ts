// Who may talk to the web mode: a request must carry the session token. The browser cannot add headers to
// <script src> or WebSocket requests, so three carriers exist, each accepted only where it is needed:
// the `x-sluice-token` header (API calls), the `token` query (the first page load and the WebSocket), and
// an HttpOnly SameSite=Strict cookie set by the first page load (static assets and page reloads).

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Name of the header the renderer sends the token in. */
export const TOKEN_HEADER = 'x-sluice-token';
/** Name of the cookie that authorises static files after the first page load. */
export const TOKEN_COOKIE = 'sluice_token';

/** A fresh random token: 32 bytes, hex. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time equality, so the token cannot be guessed byte by byte from response timings. */
export function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Which carriers a route accepts. */
export interface TokenCarriers {
  header?: boolean;
  query?: boolean;
  cookie?: boolean;
}

/** True when the request carries the token in one of the allowed places. */
export function hasToken(req: IncomingMessage, url: URL, token: string, allow: TokenCarriers): boolean {
  if (allow.header) {
    const h = req.headers[TOKEN_HEADER];
    if (sameToken(Array.isArray(h) ? h[0] : h, token)) return true;
  }
  if (allow.query && sameToken(url.searchParams.get('token'), token)) return true;
  if (allow.cookie && sameToken(readCookie(req, TOKEN_COOKIE), token)) return true;
  return false;
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The Set-Cookie value that lets the page fetch its own assets. */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** True for addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * DNS-rebinding guard for a loopback server: the Host header must name a loopback address. A page on
 * evil.example re-pointed at 127.0.0.1 still sends `Host: evil.example`, so it is refused.
 */
export function hostAllowed(req: IncomingMessage, loopbackOnly: boolean): boolean {
  if (!loopbackOnly) return true;
  const host = req.headers.host ?? '';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  return name !== undefined && isLoopback(name);
}
