// The runs screen's pictures and inline editing, in Chromium against the real engine (web mode) and a real
// PostgreSQL for the example pipeline's warehouse load: plan the example pipeline → its graph → run it → the
// graph's statuses and destinations, the rows/s chart (with samples) and the phase timings; then a cell edited
// in the canvas grid becomes a recipe step, shows in the grid, and undo takes it back. Screens are saved under
// test-artifacts/screens/runs-*.png.

import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../server/http-server.js';
import { openPage, screenshot, type TestPage } from '../support/browser.js';
import { AppPage } from './pages/app-page.js';
import { GridPage } from './pages/grid-page.js';
import { RunsGraphPage } from './pages/runs-graph-page.js';
import { startExampleUi, type ExampleUi } from './example-ui.js';

const NONEMPTY = '(SELECT count(*) FROM stage) > 0';
/** The weekday a run starting now starts on, given it is not `day` (the calendar works in local time). */
const weekdayNot = (day: string) => {
  const today = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date().getDay()]!;
  if (today === day) throw new Error(`today is ${day}`);
  return today;
};
const PHASES = ['extract', 'validate', 'clean', 'revalidate', 'review', 'typed', 'load', 'warehouse'];

describe('web UI: pipeline graph, run charts, inline edit (real engine, real PostgreSQL)', () => {
  let ui: ExampleUi;
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  let t: TestPage;

  beforeAll(async () => {
    ui = await startExampleUi('sluice-runs-ui-', { height: 1000 });
    ({ dir, server, browser, t } = ui);
    await new AppPage(t.page).openExample();
  }, 120_000);

  afterAll(async () => {
    await ui?.close();
  });

  it('plans the example pipeline as a graph, runs it, and shows statuses, destinations and both charts', async () => {
    const app = new AppPage(t.page);
    const runs = new RunsGraphPage(t.page);
    await app.tab('Runs');
    await expect.poll(() => t.page.getByLabel('Pipeline file').inputValue()).toMatch(/orders\.sluice\.json$/);
    await runs.plan();
    // Before any run, the plan itself names where each load writes: files by name, the table by its name.
    const planned = await runs.nodes('plan');
    const plannedPhases = planned.filter((n) => n.kind === 'phase');
    expect(plannedPhases.map((n) => n.name)).toEqual(PHASES);
    expect(plannedPhases.every((n) => n.status === 'pending')).toBe(true);
    expect(plannedPhases.every((n) => /: pending; will run(; writes to .+)?\.$/.test(n.label))).toBe(true);
    expect(planned.filter((n) => n.kind === 'destination').map((n) => n.label)).toEqual([
      'Destination review (CSV file orders.review.csv)',
      'Destination clean_parquet (Parquet file orders.clean.parquet)',
      'Destination clean_csv (CSV file orders.clean.csv)',
      'Destination warehouse (PostgreSQL table sluice_example_orders)',
    ]);
    expect(plannedPhases.find((n) => n.name === 'load')!.label).toBe(
      'Phase load (load): pending; will run; writes to clean_parquet (Parquet file orders.clean.parquet); clean_csv (CSV file orders.clean.csv).',
    );
    expect(await runs.graph('plan').getAttribute('aria-label')).toMatch(
      /Plan of pipeline orders: 8 phases \(0 to be skipped\), 4 destinations\./,
    );
    await screenshot(t.page, 'runs-01-plan-graph');

    await runs.run();
    // The run's graph follows the run live: some phase shows as running (with rows/s once progress comes).
    const running = runs.graph('run').getByRole('img', { name: /^Phase \S+ \([a-z]+\): running/ });
    const sawRunning = await running
      .first()
      .waitFor({ timeout: 20_000 })
      .then(() => true)
      .catch(() => false);
    if (sawRunning) await screenshot(t.page, 'runs-02-running');

    expect(await runs.waitForEnd()).toBe('done');
    const nodes = await runs.nodes('run');
    const phases = nodes.filter((n) => n.kind === 'phase');
    expect(phases.map((n) => n.name)).toEqual(PHASES);
    expect(phases.map((n) => n.status)).toEqual(PHASES.map(() => 'done'));
    expect(phases[0]!.label).toMatch(/^Phase extract \(extract\): done; 10,000 → 9,990 rows/);
    const dests = nodes.filter((n) => n.kind === 'destination');
    expect(dests.map((n) => n.name)).toEqual(['review', 'clean_parquet', 'clean_csv', 'warehouse']);
    expect(dests[1]!.label).toMatch(
      /^Destination clean_parquet \(Parquet file orders\.clean\.parquet, [\d,]+ rows\)$/,
    );
    expect(dests[3]!.label).toMatch(
      /^Destination warehouse \(PostgreSQL table sluice_example_orders, [\d,]+ rows\)$/,
    );
    // Load phases name what they wrote to.
    expect(phases.find((n) => n.name === 'load')!.label).toMatch(/writes to clean_parquet .*; clean_csv /);

    const label = await runs.throughputLabel();
    const m =
      /^Rows per second over time: (\d+) samples over [\d.]+ s; peak ([\d,.]+M?) rows\/s in phase (\S+); mean ([\d,.]+M?) rows\/s\.$/.exec(
        label,
      );
    expect(m, label).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(1);
    expect(PHASES).toContain(m![3]);
    expect(await runs.throughputSteps()).toBe(Number(m![1]));
    await t.page.getByRole('img', { name: 'Phase timings chart' }).waitFor();
    await runs.graph('run').scrollIntoViewIfNeeded();
    await screenshot(t.page, 'runs-03-run-graph');
    await t.page.getByRole('img', { name: /^Rows per second over time: / }).scrollIntoViewIfNeeded();
    await screenshot(t.page, 'runs-04-charts');

    // Planned again after the run, the plan still names its own four destinations.
    await runs.plan();
    await expect
      .poll(async () => (await runs.nodes('plan')).filter((n) => n.kind === 'destination').length)
      .toBe(4);
    expect(t.problems).toEqual([]);
  });

  it('shows conditions, a skipped phase, and live rows/s with ETA on a chunked phase', async () => {
    // Skipped by the calendar on any day (three days from today), a calendar condition that always holds,
    // decided by data, then a custom JS phase slowed down per chunk so the run is seen in progress, then a
    // CSV load.
    const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][(new Date().getUTCDay() + 3) % 7]!;
    const file = join(dir, 'orders', 'live.sluice.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        name: 'live',
        source: 'orders.csv',
        config: { chunkRows: 1000 },
        destinations: [{ name: 'slow_csv', type: 'csv', path: 'out/live.csv' }],
        phases: [
          'extract',
          { name: 'weekly', type: 'transform', sql: 'SELECT * FROM stage', when: { weekdays: [day] } },
          { name: 'always', type: 'transform', sql: 'SELECT * FROM stage', when: { cron: '* * * * *' } },
          { name: 'nonempty', type: 'transform', sql: 'SELECT * FROM stage', when: NONEMPTY },
          {
            name: 'slow',
            type: 'custom',
            module: resolve('tests/fixtures/pipelines/slow.mjs'),
            params: { ms: 600 },
          },
          { name: 'out', type: 'load', destinations: ['slow_csv'] },
        ],
      }),
    );
    const runs = new RunsGraphPage(t.page);
    await t.page.getByLabel('Pipeline file').fill(file);
    await runs.plan();
    const planned = await runs.nodes('plan');
    expect(planned.map((n) => n.label)).toEqual([
      'Phase extract (extract): pending; will run.',
      `Phase weekly (transform): pending; will be skipped: the run started on ${weekdayNot(day)}, not ${day}; condition: when on ${day}.`,
      "Phase always (transform): pending; will run; condition: when cron '* * * * *'.",
      `Phase nonempty (transform): pending; decided at run time; condition: when ${NONEMPTY}.`,
      'Phase slow (custom): pending; will run.',
      'Phase out (load): pending; will run; writes to slow_csv (CSV file live.csv).',
      'Destination slow_csv (CSV file live.csv)',
    ]);
    await screenshot(t.page, 'runs-05a-plan-conditions');
    await runs.run();
    const live = runs.graph('run').getByRole('img', {
      name: /^Phase slow \(custom\): running; [\d,]+ of 9,990 rows, [\d,.]+M? rows\/s, .+ left/,
    });
    await live.waitFor({ timeout: 60_000 });
    await runs.graph('run').scrollIntoViewIfNeeded();
    await screenshot(t.page, 'runs-05-live-progress');
    // The rows/s chart grows while the run goes on: more steps before the run ends than when the phase began.
    const early = await runs.throughputSteps();
    await expect
      .poll(async () => ((await runs.isRunning()) ? await runs.throughputSteps() : -1), { timeout: 20_000 })
      .toBeGreaterThan(early);
    await t.page.getByRole('img', { name: /^Rows per second over time: / }).scrollIntoViewIfNeeded();
    await screenshot(t.page, 'runs-05b-live-chart');

    expect(await runs.waitForEnd()).toBe('done');
    const nodes = await runs.nodes('run');
    expect(nodes.map((n) => `${n.name}:${n.status ?? n.kind}`)).toEqual([
      'extract:done',
      'weekly:skipped',
      'always:done',
      'nonempty:done',
      'slow:done',
      'out:done',
      'slow_csv:destination',
    ]);
    expect(nodes[1]!.label).toMatch(
      /; condition: when on \w+; skipped because the run started on \w+, not \w+\.$/,
    );
    expect(nodes[2]!.label).toContain("condition: when cron '* * * * *'");
    expect(nodes[3]!.label).toContain(`condition: when ${NONEMPTY}`);
    // One sample per committed chunk of the slow phase (ten of 1,000 rows), one per other phase that ran.
    const label = await runs.throughputLabel();
    const samples = Number(/: (\d+) samples/.exec(label)?.[1]);
    expect(samples).toBeGreaterThanOrEqual(10);
    expect(await runs.throughputSteps()).toBe(samples);
    await t.page.getByRole('img', { name: /^Rows per second over time: / }).scrollIntoViewIfNeeded();
    await screenshot(t.page, 'runs-06-chunked-chart');
    expect(t.problems).toEqual([]);
  });

  it('shows the graph and the charts in a dark OS theme', async () => {
    const dark = await openPage(browser, { colorScheme: 'dark', height: 1000 });
    try {
      const app = new AppPage(dark.page);
      await dark.page.goto(server.url);
      await app.openExample();
      await app.tab('Runs');
      const runs = new RunsGraphPage(dark.page);
      await runs.plan();
      await dark.page.getByRole('table', { name: 'Runs' }).locator('tbody tr').first().click();
      expect(await runs.waitForEnd()).toBe('done');
      await runs.throughputLabel();
      await runs.graph('run').scrollIntoViewIfNeeded();
      await screenshot(dark.page, 'runs-07-dark-graph');
      await dark.page.getByRole('img', { name: /^Rows per second over time: / }).scrollIntoViewIfNeeded();
      await screenshot(dark.page, 'runs-08-dark-charts');
      // A done node is drawn in the dark theme's "ok" colours, not the light ones.
      // (A string: this file is type-checked for Node, without DOM types.)
      const fill = await dark.page.evaluate(
        `getComputedStyle(document.querySelector('svg[aria-label^="Run pipeline graph"] .pg-node.done .pg-box')).fill`,
      );
      expect(fill).toBe('rgb(31, 58, 31)');
      expect(dark.problems).toEqual([]);
    } finally {
      await dark.close();
    }
  });

  it('edits a cell in the grid: the recipe lists the edit, the grid shows it, undo takes it back', async () => {
    const app = new AppPage(t.page);
    const grid = new GridPage(t.page);
    await app.tab('Data');
    await t.page.getByRole('region', { name: /^Data grid, / }).waitFor();
    await expect.poll(() => grid.cellText(1, 0)).toBe('1');
    await grid.editFirstColumn(0, '424242');
    await expect
      .poll(() => grid.cellText(1, 0), { timeout: 30_000 })
      .toBe('424242')
      .catch(async (e: unknown) => {
        await screenshot(t.page, 'runs-debug-edit');
        throw new Error(`${String(e)}\n${t.problems.join('\n')}`);
      });
    await screenshot(t.page, 'runs-09-cell-edited');

    await app.tab('Recipe');
    expect(await grid.recipeSteps()).toEqual([
      { text: 'Edit order_id on line 2 to “424242”', applied: true },
    ]);
    await screenshot(t.page, 'runs-10-recipe-edit-step');
    await t.page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(() => grid.recipeCursor()).toMatch(/^0 of 1 steps applied/);
    expect(await grid.recipeSteps()).toEqual([
      { text: 'Edit order_id on line 2 to “424242”', applied: false },
    ]);

    await app.tab('Data');
    await expect.poll(() => grid.cellText(1, 0), { timeout: 30_000 }).toBe('1');
    await screenshot(t.page, 'runs-11-edit-undone');
    expect(t.problems).toEqual([]);
  });
});
