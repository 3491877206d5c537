// Page model of inline editing: the canvas grid's cells (read through glide-data-grid's accessibility table,
// edited with a real double-click on the canvas) and the recipe screen's steps with undo.

import type { Page } from 'playwright-core';

/** The grid's first rows and columns as drawn with the default widths (see renderer/ui/data/data-grid.tsx). */
const HEADER_HEIGHT = 58;
const ROW_HEIGHT = 26;
const LINE_COLUMN_WIDTH = 56;
/** Resolves after two animation frames (a string: this file is type-checked without the DOM library). */
const FRAMES = 'new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))';

/** The data grid and the recipe it edits. */
export class GridPage {
  constructor(readonly page: Page) {}

  /** The text of a cell (column 1 is the first data column; row 0 the first row), from the accessibility table. */
  async cellText(col: number, row: number): Promise<string> {
    return (await this.page.getByTestId(`glide-cell-${col}-${row}`).textContent()) ?? '';
  }

  /**
   * Double-clicks the first data column's cell of a row, types a value over it and presses Enter. The cell is
   * clicked first until the grid says it is the selected one, so a layout still settling cannot send the
   * double-click to another cell.
   */
  async editFirstColumn(row: number, value: string): Promise<void> {
    const grid = this.page.getByRole('region', { name: /^Data grid/ });
    const cell = this.page.getByTestId(`glide-cell-1-${row}`);
    let at = { x: 0, y: 0 };
    for (let tries = 0; ; tries++) {
      const box = (await grid.boundingBox())!;
      at = {
        x: box.x + LINE_COLUMN_WIDTH + 40,
        y: box.y + HEADER_HEIGHT + ROW_HEIGHT * row + ROW_HEIGHT / 2,
      };
      await this.page.mouse.click(at.x, at.y);
      if ((await cell.getAttribute('aria-selected')) === 'true') break;
      if (tries === 5) throw new Error(`cell 1,${row} of the grid could not be selected`);
      await this.page.waitForTimeout(200);
    }
    await this.page.mouse.dblclick(at.x, at.y);
    const input = this.page.locator('textarea.gdg-input');
    await input.waitFor({ timeout: 10_000 });
    await input.press('Control+a');
    await input.pressSequentially(value);
    // Enter straight after the last key can reach the editor before React has rendered what was typed: glide's
    // overlay then commits its stale (empty) value, which is no edit, and only moves the selection down (seen in
    // about half the runs on a busy machine). A person never types and presses Enter within one frame; so the
    // value is seen in the field and two frames are let pass first.
    for (let tries = 0; (await input.inputValue()) !== value; tries++) {
      if (tries === 50) throw new Error(`the editor holds '${await input.inputValue()}', not '${value}'`);
      await this.page.waitForTimeout(20);
    }
    await this.page.evaluate(FRAMES);
    await input.press('Enter');
    await input.waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** The recipe screen's steps: their text and whether they are applied (false when undone). */
  async recipeSteps(): Promise<{ text: string; applied: boolean }[]> {
    const rows = this.page.getByRole('table', { name: 'Recipe steps' }).locator('tbody tr');
    await rows.first().waitFor({ timeout: 30_000 });
    const out = [];
    for (const r of await rows.all())
      out.push({
        text: (await r.locator('td').nth(1).innerText()).trim(),
        applied: !/\bundone\b/.test((await r.getAttribute('class')) ?? ''),
      });
    return out;
  }

  /** The recipe screen's "N of M steps applied" line. */
  async recipeCursor(): Promise<string> {
    return (await this.page.getByText(/ steps applied · /).innerText()).trim();
  }
}
