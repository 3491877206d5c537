// Page model of the runs screen's pictures: the pipeline graph (of the plan and of the selected run) and the
// rows/s and phase timings charts. Nodes are read as a screen reader reads them: by their accessible labels.

import type { Locator, Page } from 'playwright-core';

/** A node of the pipeline graph: a phase or a destination, with what its label says. */
export interface GraphNodeText {
  kind: 'phase' | 'destination';
  /** The phase or destination name. */
  name: string;
  /** The phase's status (phases only). */
  status?: string;
  label: string;
}

/** The runs screen's graph and charts. */
export class RunsGraphPage {
  constructor(readonly page: Page) {}

  /** The graph of the plan or of the selected run. */
  graph(which: 'plan' | 'run'): Locator {
    const name = which === 'plan' ? /^Planned pipeline graph/ : /^Run pipeline graph/;
    return this.page.getByRole('group', { name });
  }

  /** Plans the pipeline named in the field and waits for its graph. */
  async plan(): Promise<void> {
    await this.page.getByRole('button', { name: 'Plan', exact: true }).click();
    await this.graph('plan').waitFor({ timeout: 60_000 });
  }

  /** The graph's nodes in document order (phases in execution order, each after its destinations). */
  async nodes(which: 'plan' | 'run'): Promise<GraphNodeText[]> {
    const out: GraphNodeText[] = [];
    for (const label of await this.graph(which)
      .getByRole('img')
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''))) {
      const phase = /^Phase (\S+) \([a-z]+\): ([a-z]+)/.exec(label);
      if (phase) out.push({ kind: 'phase', name: phase[1]!, status: phase[2]!, label });
      else out.push({ kind: 'destination', name: /^Destination (\S+)/.exec(label)?.[1] ?? '', label });
    }
    return out;
  }

  /** Starts the run; resolves once the run's graph shows (else fails with a screenshot and the page's text). */
  async run(): Promise<void> {
    await this.page.getByRole('button', { name: 'Run', exact: true }).click();
    await this.graph('run')
      .waitFor({ timeout: 60_000 })
      .catch(async (e: unknown) => {
        await this.page.screenshot({ path: 'test-artifacts/screens/runs-debug-run.png', fullPage: true });
        const text = await this.page.locator('body').innerText();
        throw new Error(`${String(e)}\n${text.slice(0, 3000)}`);
      });
  }

  /** Waits for the selected run to end; returns its status. */
  async waitForEnd(timeout = 240_000): Promise<string> {
    const title = this.page.locator('#run-title .status');
    await title.filter({ hasText: /^(done|failed|cancelled)$/ }).waitFor({ timeout });
    return (await title.innerText()).toLowerCase();
  }

  /** Whether the selected run's title says it is running. */
  async isRunning(): Promise<boolean> {
    return (await this.page.locator('#run-title .status').innerText()).toLowerCase() === 'running';
  }

  /** The rows/s chart's accessible label, once drawn. */
  async throughputLabel(): Promise<string> {
    const chart = this.page.getByRole('img', { name: /^Rows per second over time: / });
    await chart.waitFor({ timeout: 30_000 });
    return (await chart.getAttribute('aria-label')) ?? '';
  }

  /** How many steps (samples) the rows/s chart draws. */
  async throughputSteps(): Promise<number> {
    return this.page.locator('svg.tp-svg .tp-step').count();
  }
}
