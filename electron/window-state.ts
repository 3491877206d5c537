// The main window's size and position, saved on close and restored at start (when still on a screen).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, screen, type BrowserWindow, type Rectangle } from 'electron';

/** Saved window geometry. */
export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

const DEFAULT: WindowState = { bounds: { x: 0, y: 0, width: 1280, height: 820 }, maximized: false };
const file = () => join(app.getPath('userData'), 'window-state.json');

function visible(b: Rectangle): boolean {
  return screen
    .getAllDisplays()
    .some(
      ({ workArea: w }) =>
        b.x < w.x + w.width - 40 && b.x + b.width > w.x + 40 && b.y >= w.y - 10 && b.y < w.y + w.height - 40,
    );
}

/** The saved state, or a default when none is saved or it is off every screen. */
export function loadWindowState(): WindowState {
  try {
    const s = JSON.parse(readFileSync(file(), 'utf8')) as WindowState;
    if (s.bounds.width >= 400 && s.bounds.height >= 300 && visible(s.bounds)) return s;
  } catch {
    // First start, or an unreadable file: use the default.
  }
  return DEFAULT;
}

/** Saves the window's state when it closes. */
export function trackWindowState(win: BrowserWindow): void {
  win.on('close', () => {
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      writeFileSync(file(), JSON.stringify(state));
    } catch {
      // Not being able to remember the size is not worth an error dialog.
    }
  });
}
