// End to end in a real browser: the web mode (server/ wrapping the fake bridge) serves the built renderer;
// Chromium opens the example, watches the import, sees the grid and the findings, filters them, edits the
// schema and reads the profile. Each screen is saved under test-artifacts/screens/ for people to look at.
// The lead switches the bridge to the real engine once it is complete.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeBridge } from '../../renderer/bridge/fake.js';
import { startServer, type RunningServer } from '../../server/http-server.js';
import { launchBrowser, openPage, screenshot, type TestPage } from '../support/browser.js';
import { ensureRendererBuild } from './renderer-build.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE = resolve(ROOT, 'examples/orders/orders.csv');

describe('web UI (fake engine)', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const staticDir = ensureRendererBuild();
    const api = createFakeBridge({
      files: { [EXAMPLE]: readFileSync(EXAMPLE, 'utf8') },
      schemas: {
        [EXAMPLE]: JSON.parse(readFileSync(resolve(ROOT, 'examples/orders/orders.schema.json'), 'utf8')),
      },
      // Slow enough (about 3 s) for a person, and a screenshot, to see the progress.
      importChunkRows: 200,
      importTickMs: 60,
    });
    server = await startServer({
      api,
      staticDir,
      boot: { examplePath: EXAMPLE },
      log: { info() {}, warn() {}, error() {} },
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses the page without the token', async () => {
    const t = await openPage(browser);
    const res = await t.page.goto(server.url.replace(/\?token=.*/, ''));
    expect(res?.status()).toBe(401);
    await t.close();
  });

  it('blocks remote content and inline script (CSP)', async () => {
    const t = await openPage(browser);
    await t.page.goto(server.url);
    await t.page.getByRole('heading', { name: 'Open a CSV file' }).waitFor();
    await t.page.evaluate(`(() => {
      const img = document.createElement('img');
      img.src = 'https://example.com/pixel.png';
      document.body.append(img);
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.append(s);
    })()`);
    await expect.poll(() => t.problems.join('\n')).toMatch(/CSP violation: img-src/);
    await expect.poll(() => t.problems.join('\n')).toMatch(/CSP violation: script-src/);
    expect(await t.page.evaluate('window.__inline')).toBeUndefined();
    await t.close();
  });

  it('opens the example, imports it, and shows the grid and findings', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await page.goto(server.url);
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByRole('heading', { name: 'Open a CSV file' }).waitFor();
    await screenshot(page, '01-start');

    await page.getByRole('button', { name: /Open the example/ }).click();
    await page.getByRole('heading', { name: 'Detected format' }).waitFor();
    await page.getByRole('progressbar', { name: 'Import progress' }).waitFor();
    await page.getByText(/rows\/s/).waitFor();
    await screenshot(page, '02-open-importing');

    // The import ends and the app moves on to the data by itself.
    await page.getByRole('region', { name: /Data grid, 9,990 rows/ }).waitFor({ timeout: 30_000 });
    await page
      .getByRole('list', { name: 'Findings by column and rule' })
      .getByRole('button')
      .first()
      .waitFor();
    await page.waitForTimeout(300);
    await screenshot(page, '03-data-grid');

    const groups = page.getByRole('list', { name: 'Findings by column and rule' }).getByRole('button');
    expect(await groups.count()).toBeGreaterThan(5);
    const emailMissing = groups.filter({ hasText: 'customer_email' }).filter({ hasText: 'missing' });
    await emailMissing.click();
    await expect.poll(() => emailMissing.getAttribute('aria-pressed')).toBe('true');
    const findings = page.locator('.findings .finding');
    await expect.poll(() => findings.count()).toBeGreaterThan(0);
    for (const meta of await page.locator('.findings .finding-meta').allTextContents())
      expect(meta).toContain('customer_email · missing');
    await findings.nth(3).click();
    await page.waitForTimeout(300);
    await screenshot(page, '04-findings-filtered');

    // Back on the Import tab: the summary, and a live preview of another delimiter (not applied until re-import).
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('tab', { name: 'Rejected lines (10)' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Rejected lines' }).locator('tbody tr').count())
      .toBe(10);
    await screenshot(page, '11-rejected-lines');
    await page.getByRole('tab', { name: 'Preview' }).click();

    await page.getByRole('combobox', { name: 'Delimiter' }).selectOption(';');
    await page.getByText('The preview uses your settings').waitFor();
    await expect.poll(() => page.locator('.preview thead th').count()).toBe(2);
    await screenshot(page, '10-open-override');
    await page.getByRole('combobox', { name: 'Delimiter' }).selectOption(',');
    await expect.poll(() => page.locator('.preview thead th').count()).toBe(11);
    expect(t.problems).toEqual([]);
    await t.close();
  });

  it('edits the schema, re-validates, and shows the profile', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await page.goto(server.url);
    await page.getByRole('button', { name: /Open the example/ }).click();
    // Imported already in this server: straight to the data.
    await page.getByRole('region', { name: /Data grid/ }).waitFor();
    const before = await totalFindings(page);

    await page.getByRole('button', { name: 'Schema', exact: true }).click();
    await page.getByRole('combobox', { name: 'Type of order_id' }).waitFor();
    await page.getByRole('checkbox', { name: 'notes is required' }).check();
    await screenshot(page, '05-schema-editing');
    await page.getByRole('button', { name: 'Save and validate' }).click();
    await page.getByText('Unsaved changes').waitFor({ state: 'detached' });

    await page.getByRole('combobox', { name: 'Type of quantity' }).selectOption('boolean');
    await page.getByRole('textbox', { name: 'Pattern of notes' }).fill('(');
    await page.getByRole('textbox', { name: 'Pattern of notes' }).press('Enter');
    await page.getByRole('button', { name: 'Save and validate' }).click();
    await page.getByRole('alert').filter({ hasText: 'invalid pattern' }).waitFor();
    await screenshot(page, '06-schema-error');
    await page.getByRole('button', { name: 'Revert' }).click();

    await page.getByRole('button', { name: 'Data', exact: true }).click();
    await expect.poll(() => totalFindings(page), { timeout: 20_000 }).toBeGreaterThan(before);

    await page.getByRole('button', { name: 'Profile', exact: true }).click();
    await page.getByRole('heading', { name: 'unit_price' }).waitFor();
    await screenshot(page, '07-profile');
    expect(t.problems).toEqual([]);
    await t.close();
  });

  it('says why a path cannot be opened', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await page.goto(server.url);
    await page.getByLabel('File path on this machine').fill('/no/such/file.csv');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'No such file: /no/such/file.csv' }).waitFor();
    await page.getByRole('button', { name: 'Retry' }).waitFor();
    await screenshot(page, '12-open-error');
    await t.close();
  });

  it('opens the file the server was started with at once', async () => {
    const api = createFakeBridge({ files: { '/srv/data/small.csv': 'id,name\n1,a\n2,b\n' } });
    const s = await startServer({
      api,
      staticDir: ensureRendererBuild(),
      boot: { openPath: '/srv/data/small.csv' },
    });
    const t = await openPage(browser);
    try {
      await t.page.goto(s.url);
      await t.page.getByRole('region', { name: 'Data grid, 2 rows' }).waitFor();
      expect(await t.page.locator('.topbar-file').textContent()).toBe('small.csv');
      expect(t.problems).toEqual([]);
    } finally {
      await t.close();
      await s.close();
    }
  });

  it('finds with Ctrl+F, filters by a column, sorts by a header, and clears the filters', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await page.goto(server.url);
    await page.getByRole('button', { name: /Open the example/ }).click();
    await page.getByRole('region', { name: /Data grid, 9,990 rows/ }).waitFor({ timeout: 30_000 });
    const count = page.getByRole('toolbar', { name: 'Find and filter rows' }).locator('.row-count');
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.keyboard.press('Control+f');
    await expect
      .poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")'))
      .toBe('Find in all columns');
    await page.keyboard.type('müller');
    await page.keyboard.press('Enter');
    await expect.poll(() => count.innerText()).toMatch(/^[\d,]+ of 9,990 rows$/);
    const found = Number((await count.innerText()).split(' ')[0]!.replace(/,/g, ''));
    expect(found).toBeGreaterThan(100);
    expect(found).toBeLessThan(9990);

    await page.getByLabel('Filter column').selectOption('country');
    await page.getByLabel('Filter condition').selectOption('equals');
    await page.getByLabel('Filter value').fill('DE');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect
      .poll(async () => Number((await count.innerText()).split(' ')[0]!.replace(/,/g, '')))
      .toBeLessThan(found);
    const chips = page.getByRole('list', { name: 'Active filters' }).getByRole('listitem');
    expect(await chips.allInnerTexts()).toEqual([
      expect.stringContaining('any column contains “müller”'),
      expect.stringContaining('country = “DE”'),
    ]);

    // The header of the second data column (order_date): the line column is about 56 px wide.
    const grid = page.getByRole('region', { name: /^Data grid/ });
    const box = (await grid.boundingBox())!;
    await page.mouse.click(box.x + 56 + 130 + 40, box.y + 20);
    await expect.poll(() => chips.first().innerText()).toMatch(/sorted by order_date ↑/);
    await screenshot(page, '13-find-filter-sort');

    for (const name of ['Remove the sort', /^Remove filter: /, /^Remove filter: /])
      await page.getByRole('button', { name }).first().click();
    await expect.poll(() => count.innerText()).toBe('9,990 rows');
    expect(t.problems).toEqual([]);
    await t.close();
  });

  it('follows a dark OS theme', async () => {
    const t = await openPage(browser, { colorScheme: 'dark' });
    const { page } = t;
    await page.goto(server.url);
    await screenshot(page, '08-start-dark');
    await page.getByRole('button', { name: /Open the example/ }).click();
    await page.getByRole('region', { name: /Data grid/ }).waitFor();
    await page
      .getByRole('list', { name: 'Findings by column and rule' })
      .getByRole('button')
      .first()
      .waitFor();
    await page.waitForTimeout(300);
    const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');

    expect(bg).toBe('rgb(30, 30, 30)');
    await screenshot(page, '09-data-dark');
    expect(t.problems).toEqual([]);
    await t.close();
  });
});

async function totalFindings(page: Page): Promise<number> {
  const text = await page.locator('.statusbar').textContent();
  const m = /([\d,]+) findings/.exec(text ?? '');
  return m ? Number(m[1]!.replace(/,/g, '')) : -1;
}

export type { TestPage };
