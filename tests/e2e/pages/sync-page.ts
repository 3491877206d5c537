// Page model of the sync screen: connections, the form, dry run, run, history and rollback.

import type { Page } from 'playwright-core';

/** The sync screen. */
export class SyncPage {
  constructor(readonly page: Page) {}

  /** Saves a connection from a URL and tests it; returns the test line. */
  async addConnection(name: string, url: string): Promise<string> {
    const form = this.page.getByRole('form', { name: 'Add a connection' });
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('URL').fill(url);
    await form.getByRole('button', { name: 'Save' }).click();
    const table = this.page.getByRole('table', { name: 'Saved connections' });
    await table.getByRole('cell', { name, exact: true }).waitFor();
    await table.getByRole('button', { name: 'Test' }).click();
    const status = this.page.getByRole('status', { name: 'Connection test' });
    await status.filter({ hasText: /connected|failed/ }).waitFor({ timeout: 30_000 });
    return status.innerText();
  }

  /** Fills the form: a saved connection, the table and the mode. */
  async target(connection: string, table: string, mode = 'append'): Promise<void> {
    await this.page.getByLabel('Connection', { exact: true }).selectOption(connection);
    await this.page.getByLabel('Table', { exact: true }).fill(table);
    await this.page.getByLabel('Mode', { exact: true }).selectOption(mode);
  }

  /** Runs the dry run and returns its counts by label. */
  async dryRun(): Promise<Record<string, number>> {
    await this.page.getByRole('button', { name: 'Dry run' }).click();
    return this.counts('Dry-run counts');
  }

  /** Runs the sync and returns the result's counts by label. */
  async run(): Promise<Record<string, number>> {
    await this.page.getByRole('button', { name: 'Run sync' }).click();
    return this.counts('Sync result');
  }

  /** Rolls back the newest sync of the history and waits for the note. */
  async rollbackNewest(): Promise<string> {
    const history = this.page.getByRole('table', { name: 'Sync history' });
    await history
      .getByRole('button', { name: /^Roll back/ })
      .first()
      .click();
    const note = this.page.getByRole('status').filter({ hasText: 'Rolled back' });
    await note.waitFor({ timeout: 60_000 });
    return note.innerText();
  }

  private async counts(name: string): Promise<Record<string, number>> {
    const box = this.page.getByLabel(name, { exact: true });
    await box.waitFor({ timeout: 120_000 });
    const out: Record<string, number> = {};
    for (const item of await box.locator(':scope > div').all()) {
      const label = await item.locator('.count-label').innerText();
      out[label] = Number((await item.locator('.count-value').innerText()).replace(/\D/g, ''));
    }
    return out;
  }
}
