// Page models of the runs and embeddings screens.

import type { Page } from 'playwright-core';

/** The runs screen. */
export class RunsPage {
  constructor(readonly page: Page) {}

  /** Plans and runs the pipeline named in the field; waits for the run to end; returns its status text. */
  async runPipeline(timeout = 240_000): Promise<string> {
    await this.page.getByRole('button', { name: 'Plan', exact: true }).click();
    await this.page.getByRole('group', { name: /^Planned pipeline graph/ }).waitFor({ timeout: 60_000 });
    await this.page.getByRole('button', { name: 'Run', exact: true }).click();
    const title = this.page.locator('#run-title .status');
    await title.filter({ hasText: /^(done|failed|cancelled)$/ }).waitFor({ timeout });
    return (await title.innerText()).toLowerCase();
  }

  /** The phases of the selected run: name and status. */
  async phases(): Promise<{ name: string; status: string }[]> {
    const rows = this.page.getByRole('table', { name: 'Phases' }).locator('tbody tr');
    const out = [];
    for (const r of await rows.all())
      out.push({
        name: (await r.locator('td').first().innerText()).split(/\s/)[0]!,
        status: await r.locator('.status').innerText(),
      });
    return out;
  }
}

/** The embeddings screen. */
export class EmbedPage {
  constructor(readonly page: Page) {}

  /** Embeds the chosen column with the default model and waits for the result note. */
  async embed(column: string, timeout = 240_000): Promise<string> {
    await this.page.getByLabel('Column', { exact: true }).selectOption(column);
    await this.page.getByRole('button', { name: /^Embed( again)?$/ }).click();
    const note = this.page.getByRole('status').filter({ hasText: /^Embedded / });
    await note.waitFor({ timeout });
    return note.innerText();
  }

  /** The rows most similar to a line: [line, score] pairs. */
  async similarTo(line: number): Promise<[number, number][]> {
    await this.page.getByLabel('A line number or a text').fill(String(line));
    await this.page.getByRole('button', { name: 'Find similar' }).click();
    const rows = this.page.getByRole('table', { name: 'Similar rows' }).locator('tbody tr');
    await rows.first().waitFor({ timeout: 60_000 });
    const out: [number, number][] = [];
    for (const r of await rows.all()) {
      const cells = await r.locator('td').allInnerTexts();
      out.push([Number(cells[0]!.replace(/\D/g, '')), Number(cells[1])]);
    }
    return out;
  }
}
