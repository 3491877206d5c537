// Issue 5's story against the real engine in the web mode, in Chromium, with page models: open the example →
// findings shown → apply a suggestion → findings drop → undo → they return → sync into a real PostgreSQL →
// the rows are there (SQL) → roll back → they are gone. Each screen is saved under test-artifacts/screens/.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/http-server.js';
import { openPage, screenshot, type TestPage } from '../support/browser.js';
import type { TestPostgres } from '../support/postgres.js';
import { AppPage } from './pages/app-page.js';
import { DataPage } from './pages/data-page.js';
import { SyncPage } from './pages/sync-page.js';
import { EmbedPage, RunsPage } from './pages/work-pages.js';
import { startExampleUi, type ExampleUi } from './example-ui.js';

describe('web UI story (real engine, real PostgreSQL)', () => {
  let ui: ExampleUi;
  let pg: TestPostgres;
  let url: string;
  let server: RunningServer;
  let browser: Browser;
  let t: TestPage;

  beforeAll(async () => {
    ui = await startExampleUi('sluice-story-');
    ({ pg, dbUrl: url, server, browser, t } = ui);
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  let before = 0;

  it('opens the example and shows its findings', async () => {
    const app = new AppPage(t.page);
    const data = new DataPage(t.page);
    await app.openExample();
    before = await data.findingsTotal().catch(async (e: unknown) => {
      await screenshot(t.page, 'story-debug-open');
      throw new Error(`${String(e)}\n${t.problems.join('\n')}`);
    });
    expect(before).toBeGreaterThan(100);
    expect((await data.groups()).length).toBeGreaterThan(3);
    await screenshot(t.page, 'story-01-findings');
  });

  it('filters the grid to a findings group, applies a suggestion (findings drop), undoes it (they return)', async () => {
    const app = new AppPage(t.page);
    const data = new DataPage(t.page);
    // The largest group (order_date, wrong type: dates written 24/12/2025 among ISO dates).
    const [largest] = await data.groups();
    const column = largest!.label.split(/\s/)[0]!;
    await data.selectGroup(new RegExp(`^${column}`));
    await expect
      .poll(() => data.rowCount(), { timeout: 30_000 })
      .toMatch(new RegExp(`^${largest!.count} of `));
    const title = await data.applyFirstSuggestion().catch(async (e: unknown) => {
      await screenshot(t.page, 'story-debug');
      throw e;
    });
    expect(title).toContain(column);
    const after = await data.waitForTotal((n) => n < before);
    expect(after).toBeLessThan(before);
    await screenshot(t.page, 'story-02-suggestion-applied');

    await app.tab('Recipe');
    await t.page.getByRole('table', { name: 'Recipe steps' }).waitFor();
    await screenshot(t.page, 'story-03-recipe');
    await app.tab('Data');
    await app.shortcut('Control+z');
    expect(await data.waitForTotal((n) => n === before)).toBe(before);
    await screenshot(t.page, 'story-04-undone');
  });

  it('syncs into PostgreSQL through a saved connection, then rolls it back', async () => {
    const app = new AppPage(t.page);
    const sync = new SyncPage(t.page);
    await app.tab('Sync');
    expect(await sync.addConnection('story', url)).toMatch(/connected/);
    await sync.target('story', 'story_orders');
    const dry = await sync.dryRun();
    expect(dry.rows).toBe(9990);
    await screenshot(t.page, 'story-05-sync-dry-run');

    const result = await sync.run();
    const inserted = result.inserted ?? 0;
    expect(inserted).toBeGreaterThan(0);
    expect(inserted + (result['held back'] ?? 0) + (result.rejected ?? 0)).toBe(9990);
    const db = { ...pg.target, database: url.replace(/^.*\//, '') };
    const [row] = await pg.query<{ n: string }>('SELECT count(*) AS n FROM story_orders', [], db);
    expect(Number(row!.n)).toBe(inserted);
    await screenshot(t.page, 'story-06-synced');

    await sync.rollbackNewest();
    const [gone] = await pg.query<{ t: string | null }>(
      `SELECT to_regclass('public.story_orders') AS t`,
      [],
      db,
    );
    if (gone!.t !== null) {
      const [left] = await pg.query<{ n: string }>('SELECT count(*) AS n FROM story_orders', [], db);
      expect(Number(left!.n)).toBe(0);
    }
    await screenshot(t.page, 'story-07-rolled-back');
    expect(t.problems).toEqual([]);
  });

  it('runs the example pipeline: phases with status, timings chart and log', async () => {
    const app = new AppPage(t.page);
    const runs = new RunsPage(t.page);
    await app.tab('Runs');
    expect((await runs.runPipeline()).toLowerCase()).toBe('done');
    const phases = await runs.phases();
    expect(phases.length).toBeGreaterThan(3);
    expect(phases.every((p) => /^(done|skipped)$/i.test(p.status))).toBe(true);
    await t.page.getByRole('img', { name: 'Phase timings chart' }).waitFor();
    expect(await t.page.getByLabel('Run log').innerText()).toMatch(/validate/);
    await screenshot(t.page, 'story-08-runs');
  });

  it('embeds the notes and finds near-duplicates of a row', async () => {
    const app = new AppPage(t.page);
    const embed = new EmbedPage(t.page);
    await app.tab('Embeddings');
    expect(await embed.embed('notes')).toMatch(/^Embedded [\d,]+ rows of notes/);
    // Line 3's note is "gift wrap", a note many orders share: the best hits say the same.
    const hits = await embed.similarTo(3);
    expect(hits.length).toBe(20);
    expect(hits.map(([line]) => line)).not.toContain(3);
    expect(hits[0]![1]).toBeGreaterThan(0.99);
    expect(hits.map(([, s]) => s)).toEqual([...hits.map(([, s]) => s)].sort((a, b) => b - a));
    await screenshot(t.page, 'story-09-embeddings');
    expect(t.problems).toEqual([]);
  });

  it('shows the work screens in a dark OS theme', async () => {
    const dark = await openPage(browser, { colorScheme: 'dark' });
    try {
      const app = new AppPage(dark.page);
      await dark.page.goto(server.url);
      await app.openExample();
      await new DataPage(dark.page).findingsTotal();
      await app.tab('Sync');
      await dark.page.getByRole('table', { name: 'Sync history' }).waitFor();
      await screenshot(dark.page, 'story-10-sync-dark');
      await app.tab('Runs');
      await dark.page.getByLabel('Pipeline file').waitFor();
      await screenshot(dark.page, 'story-11-runs-dark');
      const bg = await dark.page.evaluate('getComputedStyle(document.body).backgroundColor');
      expect(bg).not.toBe('rgb(255, 255, 255)');
      expect(dark.problems).toEqual([]);
    } finally {
      await dark.close();
    }
  });
});
