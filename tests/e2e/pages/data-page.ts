// Page model of the data screen: the grid's row count, the findings panel (total, groups, suggestions).

import type { Page } from 'playwright-core';

/** The data screen. */
export class DataPage {
  constructor(readonly page: Page) {}

  private get panel() {
    return this.page.getByRole('complementary', { name: 'Findings' });
  }

  /** The findings total shown in the panel's header (waits until validation has shown one). */
  async findingsTotal(): Promise<number> {
    const pill = this.panel.locator('.panel-head .pill');
    await pill.waitFor({ timeout: 60_000 });
    return Number((await pill.innerText()).replace(/\D/g, ''));
  }

  /** The groups (column × rule) with their counts. */
  async groups(): Promise<{ label: string; count: number }[]> {
    const list = this.panel.getByRole('list', { name: 'Findings by column and rule' }).getByRole('button');
    await list.first().waitFor({ timeout: 60_000 });
    const out = [];
    for (const b of await list.all()) {
      const label = (await b.locator('.group-label').innerText()).trim();
      out.push({ label, count: Number((await b.locator('.group-count').innerText()).replace(/\D/g, '')) });
    }
    return out;
  }

  /** Clicks a findings group: the grid then shows only its rows. */
  async selectGroup(label: RegExp): Promise<void> {
    await this.panel
      .getByRole('list', { name: 'Findings by column and rule' })
      .getByRole('button', { name: label })
      .click();
  }

  /** The grid's row count line (e.g. "90 of 9,990 rows"). */
  async rowCount(): Promise<string> {
    return (
      await this.page.getByRole('toolbar', { name: 'Find and filter rows' }).locator('.row-count').innerText()
    ).trim();
  }

  /** The titles of the suggested fixes shown. */
  async suggestions(): Promise<string[]> {
    const list = this.panel
      .getByRole('list', { name: 'Suggested fixes' })
      .getByRole('button', { name: /^Apply: / });
    await list.first().waitFor({ timeout: 60_000 });
    return (await list.all()).length
      ? Promise.all((await list.all()).map(async (b) => (await b.getAttribute('aria-label'))!.slice(7)))
      : [];
  }

  /** Applies the first suggested fix and waits for the note that it was applied. */
  async applyFirstSuggestion(): Promise<string> {
    const [title] = await this.suggestions();
    await this.panel.getByRole('button', { name: `Apply: ${title}` }).click();
    await this.panel.getByRole('status').filter({ hasText: 'Applied:' }).waitFor({ timeout: 60_000 });
    return title!;
  }

  /** Waits until the findings total is `n`. */
  async waitForTotal(test: (n: number) => boolean, timeout = 60_000): Promise<number> {
    const end = Date.now() + timeout;
    for (;;) {
      const n = await this.findingsTotal();
      if (test(n) || Date.now() > end) return n;
      await this.page.waitForTimeout(100);
    }
  }
}
