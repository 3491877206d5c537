// The UI over the real engine (createEngine + DuckDB) through the web mode: the example opens, imports,
// validates and profiles, with no error in the page. A copy of the example is used, so the project folder
// (.sluice/ beside the file) is created in a temporary directory.

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

  // The first `n` rows: those with a finding in one of the first columns (on screen at any width), and those
  // with no finding at all.
  async function markedRows(n: number) {
    const datasetId = (await engine['datasets.open']({ path: join(dir, 'orders.csv') })) as {
      ok: true;
      value: { datasetId: string };
    };
    const r = await engine['datasets.rows']({
      datasetId: datasetId.value.datasetId,
      offset: 0,
      limit: n,
      marks: true,
    });
    if (!r.ok) throw new Error(r.error.message);
    const left = new Set(r.value.columns.slice(0, 4));
    const rowOf = (line: number) => r.value.lines.indexOf(line);
    const marked = [...new Set(r.value.marks!.filter((m) => left.has(m.column)).map((m) => rowOf(m.line)))];
    const lines = new Set(r.value.marks!.map((m) => m.line));
    const clean = r.value.lines.map((l, i) => (lines.has(l) ? -1 : i)).filter((i) => i >= 0);
    return { marked, clean };
  }

  // The grid's header height and light mark colour (renderer/ui/data/header-draw.ts, grid-theme.ts): importing
  // those would bring the DOM and glide's types into this Node-typed file.
  const HEADER_HEIGHT = 58;
  const MARK_BG = '#ffebe9';

  // Which of the first `n` rows show the mark colour somewhere on the canvas, against the engine's marks.
  async function drawnMarkedRows(page: Page, n: number) {
    const { marked, clean } = await markedRows(n);
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(MARK_BG.slice(i, i + 2), 16));
    // Rows of 26 px under the header; a script string, as this file type-checks without the DOM library.
    const drawn = (await page.evaluate(`(() => {
      const canvas = document.querySelector('.grid-host canvas');
      const ctx = canvas.getContext('2d');
      const out = [];
      for (let row = 0; row < ${n}; row++) {
        const px = ctx.getImageData(0, ${HEADER_HEIGHT} + row * 26 + 3, canvas.width, 1).data;
        for (let x = 0; x < canvas.width; x++)
          if (px[4 * x] === ${r} && px[4 * x + 1] === ${g} && px[4 * x + 2] === ${b}) {
            out.push(row);
            break;
          }
      }
      return out;
    })()`)) as number[];
    return {
      missing: marked.filter((row) => !drawn.includes(row)),
      unexpected: drawn.filter((row) => clean.includes(row)),
    };
  }

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
    // The cells the engine marks (datasets.rows with marks) are the ones drawn tinted, read off the canvas.
    const expected = await markedRows(20);
    expect(expected.marked.length).toBeGreaterThan(0);
    await expect
      .poll(() => drawnMarkedRows(page, 20), { timeout: 30_000 })
      .toEqual({ missing: [], unexpected: [] });
    await screenshot(page, 'engine-01-data');
    await page.getByRole('button', { name: 'Profile', exact: true }).click();
    await page.getByRole('heading', { name: 'unit_price' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'engine-02-profile');
    expect(t.problems).toEqual([]);
    await t.close();
  });
});
