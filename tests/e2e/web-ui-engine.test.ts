// The UI over the real engine (createEngine + DuckDB) through the web mode: the example opens, imports,
// validates and profiles, with no error in the page. A copy of the example is used, so the project folder
// (.sluice/ beside the file) is created in a temporary directory.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../core/adapters/duckdb.js';
import { createEngine, type Engine } from '../../core/engine/index.js';
import { startServer, type RunningServer } from '../../server/http-server.js';
import { launchBrowser, openPage, screenshot } from '../support/browser.js';
import { ensureRendererBuild } from './renderer-build.js';

describe('web UI (real engine)', () => {
  let dir: string;
  let engine: Engine;
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const staticDir = ensureRendererBuild();
    dir = mkdtempSync(join(tmpdir(), 'sluice-e2e-'));
    cpSync(resolve('examples/orders'), dir, { recursive: true });
    engine = createEngine({ openDb: openDuckDb });
    server = await startServer({ api: engine, staticDir, boot: { examplePath: join(dir, 'orders.csv') } });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await engine?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the example into the grid with findings, then shows the profile', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await page.goto(server.url);
    await page.getByRole('button', { name: /Open the example/ }).click();
    await page.getByRole('heading', { name: 'Detected format' }).waitFor();
    await page.getByRole('region', { name: 'Data grid, 9,990 rows' }).waitFor({ timeout: 60_000 });
    const groups = page.getByRole('list', { name: 'Findings by column and rule' }).getByRole('button');
    await groups.first().waitFor({ timeout: 60_000 });
    expect(await groups.count()).toBeGreaterThan(0);
    await screenshot(page, 'engine-01-data');
    await page.getByRole('button', { name: 'Profile', exact: true }).click();
    await page.getByRole('heading', { name: 'unit_price' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'engine-02-profile');
    expect(t.problems).toEqual([]);
    await t.close();
  });
});
