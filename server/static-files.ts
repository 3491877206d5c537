// Serves the renderer build (renderer/dist). The index page gets the session token and the boot info
// injected as <meta> tags, so a reload (authorised by the cookie) still knows them without the token in
// the address bar.

import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** What the page learns at load: where to start. */
export interface BootInfo {
  /** A file to open at once (`sluice serve FILE`). */
  openPath?: string;
  /** The bundled example's path on the server machine. */
  examplePath?: string;
}

/** Escapes text for a double-quoted HTML attribute. */
export function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The index page with token and boot info injected before </head>. */
export function injectMeta(html: string, token: string, boot: BootInfo): string {
  const tags =
    `<meta name="sluice-token" content="${escapeAttr(token)}">` +
    `<meta name="sluice-boot" content="${escapeAttr(JSON.stringify(boot))}">`;
  return html.includes('</head>') ? html.replace('</head>', `${tags}</head>`) : tags + html;
}

const MISSING_BUILD = `<!doctype html><html><head><meta charset="utf-8"><title>Sluice</title></head>
<body><h1>The Sluice UI is not built</h1><p>Run <code>npm run build:renderer</code>, then reload.</p></body></html>`;

/** A file under `root` for a URL path, or null when the path escapes root or names nothing. */
export async function resolveStatic(root: string, urlPath: string): Promise<string | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (rel.includes('\0')) return null;
  const file = normalize(join(root, rel));
  if (file !== root && !file.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  try {
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}

/** Sends the index page (or a "not built" page when the build is missing). */
export async function sendIndex(
  res: ServerResponse,
  root: string | undefined,
  token: string,
  boot: BootInfo,
) {
  let html = MISSING_BUILD;
  if (root) {
    try {
      html = await readFile(join(root, 'index.html'), 'utf8');
    } catch {
      // No build: the page says how to make one.
    }
  }
  res.writeHead(200, { 'content-type': MIME['.html']!, 'cache-control': 'no-store' });
  res.end(injectMeta(html, token, boot));
}

/** Sends a static file; hashed assets are immutable, everything else is revalidated. */
export async function sendFile(res: ServerResponse, file: string): Promise<void> {
  const body = await readFile(file);
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const immutable = file.includes(`${sep}assets${sep}`);
  res.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  res.end(body);
}
