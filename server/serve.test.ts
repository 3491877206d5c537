import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, type AppBridge } from '../core/contract/api.js';
import { ok } from '../core/contract/result.js';
import { findInPackage, serve } from './serve.js';

const api = {
  ...Object.fromEntries(METHOD_NAMES.map((m) => [m, async () => ok({})])),
  on: () => () => {},
} as unknown as AppBridge;

describe('serve', () => {
  it('prints the URL with its token as the first stdout line, and tells the page which file to open', async () => {
    let out = '';
    const server = await serve({ api, file: 'data/x.csv', out: { write: (s: string) => (out += s) } });
    try {
      expect(out.split('\n')[0]).toBe(server.url);
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
      const html = await (await fetch(server.url)).text();
      const boot = /name="sluice-boot" content="([^"]*)"/.exec(html)?.[1]?.replace(/&quot;/g, '"');
      expect(JSON.parse(boot!)).toMatchObject({ openPath: resolve('data/x.csv') });
    } finally {
      await server.close();
    }
  });

  it('finds files of this package from source or build', () => {
    expect(findInPackage('examples/orders/orders.csv')).toBe(resolve('examples/orders/orders.csv'));
    expect(findInPackage('no/such/file')).toBeUndefined();
  });
});
