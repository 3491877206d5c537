// The browser test harness: Debian's Chromium driven by playwright-core (never `playwright install`: the
// binary comes from apt, `.ci/run` installs it when missing). Pages record console errors, uncaught
// exceptions and CSP violations so a test can assert the UI ran clean.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where Chromium is expected (override with SLUICE_CHROMIUM). */
export const CHROMIUM_PATH = process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium';

/** Where screenshots go: test-artifacts/screens at the repository root. */
export const SCREENS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts/screens');

/** Launches headless Chromium; fails with the install command when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it: apt-get update && apt-get install -y chromium`,
    );
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page and what went wrong in it. */
export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page exceptions and CSP violations, in order. */
  problems: string[];
  close(): Promise<void>;
}

/** Opens a page in a fresh context (own cookies and storage). */
export async function openPage(
  browser: Browser,
  opts: { colorScheme?: 'light' | 'dark'; width?: number; height?: number } = {},
): Promise<TestPage> {
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 1440, height: opts.height ?? 900 },
    colorScheme: opts.colorScheme ?? 'light',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`exception: ${e.message}`));
  // A CSP violation is reported as a DOM event; forward it to the console so it is recorded above.
  // (A string, because this file is type-checked for Node, without DOM types.)
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
  );

  return { page, context, problems, close: () => context.close() };
}

/** Saves a full-page screenshot as test-artifacts/screens/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
