// Which screen is shown, and the recently opened files (kept in the host's key-value storage).

import { createStore } from 'zustand/vanilla';

/** The screens of the app. */
export type Screen = 'start' | 'open' | 'data' | 'schema' | 'profile' | 'recipe' | 'sync' | 'runs' | 'embed';

/** The subset of Web Storage the store needs (localStorage in the page, a Map in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** State and actions of the UI store. */
export interface UiState {
  screen: Screen;
  recent: string[];
  go(screen: Screen): void;
  /** Puts a path first in the recent list (at most 8 kept). */
  remember(path: string): void;
}

const RECENT_KEY = 'sluice.recent';

function readRecent(storage: KeyValueStorage | undefined): string[] {
  try {
    const v: unknown = JSON.parse(storage?.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 8) : [];
  } catch {
    return [];
  }
}

/** Creates the UI store. */
export function createUiStore(storage?: KeyValueStorage) {
  return createStore<UiState>()((set, get) => ({
    screen: 'start',
    recent: readRecent(storage),
    go: (screen) => set({ screen }),
    remember(path) {
      const recent = [path, ...get().recent.filter((p) => p !== path)].slice(0, 8);
      set({ recent });
      try {
        storage?.setItem(RECENT_KEY, JSON.stringify(recent));
      } catch {
        // Storage full or disabled: the list still works for this session.
      }
    },
  }));
}

/** The UI store's type. */
export type UiStore = ReturnType<typeof createUiStore>;
