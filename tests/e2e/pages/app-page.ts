// Page model of the shell: the start screen, the tabs, the global shortcuts.

import type { Page } from 'playwright-core';

/** The app as a user drives it. */
export class AppPage {
  constructor(readonly page: Page) {}

  /** Opens the bundled example from the start screen and waits for the grid. */
  async openExample(timeout = 60_000): Promise<void> {
    await this.page.getByRole('button', { name: /Open the example/ }).click();
    await this.page.getByRole('region', { name: /^Data grid, / }).waitFor({ timeout });
  }

  /** Shows a screen by its tab. */
  async tab(name: 'Import' | 'Data' | 'Schema' | 'Profile' | 'Recipe' | 'Sync' | 'Runs' | 'Embeddings') {
    await this.page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('button', { name, exact: true })
      .click();
  }

  /** Presses a shortcut with the focus outside text fields (Ctrl+Z undo, Ctrl+Shift+Z redo, Ctrl+F find). */
  async shortcut(keys: string): Promise<void> {
    await this.page.evaluate('document.activeElement && document.activeElement.blur()');
    await this.page.keyboard.press(keys);
  }
}
