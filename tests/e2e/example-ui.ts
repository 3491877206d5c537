// The browser tests' fixture: the web mode over a copy of the bundled example, on the real engine, with a real
// PostgreSQL as $DATABASE_URL (the example pipeline's destination) and a Chromium page at the app's URL.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { hostDeps } from '../../core/adapters/host-deps.js';
import { createEngine, type Engine } from '../../core/engine/index.js';
import { startServer, type RunningServer } from '../../server/http-server.js';
import { launchBrowser, openPage, type TestPage } from '../support/browser.js';
import { startTestPostgres, type TestPostgres } from '../support/postgres.js';
import { ensureRendererBuild } from './renderer-build.js';

/** A running example UI and what it stands on. */
export interface ExampleUi {
  /** Temporary folder: the example under `orders/`, SLUICE_HOME under `home/`. */
  dir: string;
  pg: TestPostgres;
  /** The fresh database the engine's $DATABASE_URL names. */
  dbUrl: string;
  engine: Engine;
  server: RunningServer;
  browser: Browser;
  /** A page already at the app's URL. */
  t: TestPage;
  close(): Promise<void>;
}

/** Starts PostgreSQL, the engine (its own SLUICE_HOME), the web server booting on the example, and a page. */
export async function startExampleUi(
  prefix: string,
  page: Parameters<typeof openPage>[1] = {},
): Promise<ExampleUi> {
  const staticDir = ensureRendererBuild();
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(resolve('examples/orders'), join(dir, 'orders'), { recursive: true });
  const pg = await startTestPostgres();
  const db = await pg.freshDatabase();
  const dbUrl = pg.url.replace(/\/[^/]*$/, `/${db.database}`);
  // Connections and their secrets live under SLUICE_HOME: a temporary one, never the user's.
  const env: NodeJS.ProcessEnv = { ...process.env, SLUICE_HOME: join(dir, 'home'), DATABASE_URL: dbUrl };
  const engine = createEngine(hostDeps({}, env));
  const server = await startServer({
    api: engine,
    staticDir,
    boot: { examplePath: join(dir, 'orders', 'orders.csv') },
    log: { info() {}, warn() {}, error() {} },
  });
  const browser = await launchBrowser();
  const t = await openPage(browser, page);
  await t.page.goto(server.url);
  return {
    dir,
    pg,
    dbUrl,
    engine,
    server,
    browser,
    t,
    async close() {
      await t.close();
      await browser.close();
      await server.close();
      await engine.close();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
