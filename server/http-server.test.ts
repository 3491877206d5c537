import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { METHOD_NAMES, type AppBridge, type AppEvents, type EventName } from '../core/contract/api.js';
import { ok } from '../core/contract/result.js';
import { startServer, type RunningServer } from './http-server.js';

// An echo engine: every method answers with its name and request, so the transport is what is tested.
function echoApi() {
  const handlers = new Map<string, Set<(p: unknown) => void>>();
  const api = Object.fromEntries(
    METHOD_NAMES.map((m) => [
      m,
      async (req: unknown) => (m === 'jobs.cancel' ? boom() : ok({ method: m, req })),
    ]),
  );
  const boom = () => {
    throw new Error('engine bug');
  };
  return {
    bridge: {
      ...api,
      on(event: EventName, handler: (p: unknown) => void) {
        const set = handlers.get(event) ?? new Set();
        handlers.set(event, set.add(handler));
        return () => void set.delete(handler);
      },
    } as unknown as AppBridge,
    emit<E extends EventName>(event: E, payload: AppEvents[E]) {
      for (const h of handlers.get(event) ?? []) h(payload);
    },
    listeners: (event: EventName) => handlers.get(event)?.size ?? 0,
  };
}

const quiet = { info() {}, warn() {}, error() {} };

describe('web-mode server', () => {
  const engine = echoApi();
  let server: RunningServer;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-static-'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html><head><title>t</title></head><body></body></html>',
    );
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
    server = await startServer({
      api: engine.bridge,
      staticDir: dir,
      token: 'secret-token',
      log: quiet,
      boot: { openPath: '/x/"a".csv' },
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (
    method: string,
    body: unknown,
    headers: Record<string, string> = { 'x-sluice-token': 'secret-token' },
  ) =>
    fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('prints a loopback URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=secret-token`);
  });

  it('answers a contract method with its Result', async () => {
    const res = await post('datasets.rows', { datasetId: 'd', offset: 5, limit: 2 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      ok: true,
      value: { method: 'datasets.rows', req: { datasetId: 'd', offset: 5, limit: 2 } },
    });
  });

  it('accepts the token in the query too', async () => {
    const res = await fetch(`${base}/api/datasets.get?token=secret-token`, {
      method: 'POST',
      body: '{"datasetId":"x"}',
    });
    expect(res.status).toBe(200);
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await post('datasets.get', { datasetId: 'x' }, {})).status).toBe(401);
    expect(
      (await post('datasets.get', { datasetId: 'x' }, { 'x-sluice-token': 'secret-tokeN' })).status,
    ).toBe(401);
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
  });

  it('answers 404 for a method not in the contract', async () => {
    const res = await post('datasets.delete', {});
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await post('constructor', {})).status).toBe(404);
    expect((await post('__proto__', {})).status).toBe(404);
  });

  it('rejects bad JSON and non-POST calls', async () => {
    const bad = await fetch(`${base}/api/datasets.get`, {
      method: 'POST',
      headers: { 'x-sluice-token': 'secret-token' },
      body: '{',
    });
    expect(bad.status).toBe(400);
    expect(
      (await fetch(`${base}/api/datasets.get`, { headers: { 'x-sluice-token': 'secret-token' } })).status,
    ).toBe(405);
  });

  it('turns an engine that throws into a failed Result', async () => {
    const res = await post('jobs.cancel', { jobId: 'j' });
    const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'engine bug' } });
  });

  it('serves the index with token, boot info, CSP and a cookie that opens the assets', async () => {
    const res = await fetch(`${base}/?token=secret-token`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const html = await res.text();
    expect(html).toContain('<meta name="sluice-token" content="secret-token">');
    expect(html).toContain('&quot;openPath&quot;:&quot;/x/\\&quot;a\\&quot;.csv&quot;');
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    // The cookie opens static files only, never the API (that needs the header or query).
    expect((await post('datasets.get', { datasetId: 'x' }, { cookie })).status).toBe(401);
  });

  it('does not serve files outside the build', async () => {
    const res = await fetch(`${base}/..%2f..%2fetc%2fpasswd?token=secret-token`);
    expect(res.status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    // fetch may not set Host; node:http may.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/?token=secret-token',
          headers: { host: 'evil.example' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('refuses an event socket without the token or from another origin', async () => {
    const status = (url: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(url, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => {
          ws.close();
          resolve(101);
        });
      });
    expect(await status(`ws://127.0.0.1:${server.port}/events`)).toBe(401);
    expect(
      await status(`ws://127.0.0.1:${server.port}/events?token=secret-token`, {
        origin: 'http://evil.example',
      }),
    ).toBe(403);
    expect(await status(`ws://127.0.0.1:${server.port}/events?token=secret-token`)).toBe(101);
  });

  it('forwards every event to connected sockets', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`, {
      headers: { 'x-sluice-token': 'secret-token' },
    });
    const frames: unknown[] = [];
    ws.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((r) => ws.once('open', r));
    engine.emit('jobs.progress', { jobId: 'j1', kind: 'import', rows: 10, fraction: 0.5 });
    engine.emit('jobs.finished', { jobId: 'j1', kind: 'import', ok: true });
    await expect.poll(() => frames.length).toBe(2);
    expect(frames).toEqual([
      { event: 'jobs.progress', payload: { jobId: 'j1', kind: 'import', rows: 10, fraction: 0.5 } },
      { event: 'jobs.finished', payload: { jobId: 'j1', kind: 'import', ok: true } },
    ]);
    ws.close();
  });

  it('unsubscribes from the engine when closed', async () => {
    const s = await startServer({ api: engine.bridge, log: quiet });
    expect(engine.listeners('jobs.finished')).toBe(2);
    await s.close();
    expect(engine.listeners('jobs.finished')).toBe(1);
  });
});

describe('host binding', () => {
  it('warns when serving beyond loopback', async () => {
    const warnings: string[] = [];
    const s = await startServer({
      api: echoApi().bridge,
      host: '0.0.0.0',
      log: { ...quiet, warn: (m) => warnings.push(m) },
    });
    try {
      expect(warnings.join()).toMatch(/other machines can reach/);
      expect(s.token).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await s.close();
    }
  });
});
