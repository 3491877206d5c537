// The application shell: top bar with the open file and its views, the current screen, the status bar,
// and the global shortcuts.

import { useEffect } from 'react';
import type { Screen } from '../stores/ui-store.js';
import { useApp, useSlice } from './context.js';
import { DataScreen } from './data/data-screen.js';
import { FIND_EVENT } from './data/grid-toolbar.js';
import { EmbedScreen } from './embed/embed-screen.js';
import { baseName } from './format.js';
import { OpenScreen } from './open/open-screen.js';
import { ProfileScreen } from './profile/profile-screen.js';
import { RecipeScreen } from './recipe/recipe-screen.js';
import { RunsScreen } from './runs/runs-screen.js';
import { SchemaScreen } from './schema/schema-screen.js';
import { StartScreen } from './start/start-screen.js';
import { StatusBar } from './status-bar.js';
import { SyncScreen } from './sync/sync-screen.js';

const TABS: { screen: Screen; label: string; needsData: boolean }[] = [
  { screen: 'open', label: 'Import', needsData: false },
  { screen: 'data', label: 'Data', needsData: true },
  { screen: 'schema', label: 'Schema', needsData: true },
  { screen: 'profile', label: 'Profile', needsData: true },
  { screen: 'recipe', label: 'Recipe', needsData: true },
  { screen: 'sync', label: 'Sync', needsData: true },
  { screen: 'runs', label: 'Runs', needsData: false },
  { screen: 'embed', label: 'Embeddings', needsData: true },
];

/** True when a key press belongs to a text field (its own undo and find win there). */
const inTextField = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

function Logo() {
  return (
    <svg width="18" height="18" viewBox="0 0 64 64" aria-hidden="true">
      <rect width="64" height="64" rx="14" fill="var(--accent)" />
      <path d="M12 20h40M12 32h40M12 44h40" stroke="#9cd2ff" strokeWidth="5" strokeLinecap="round" />
      <path d="M30 12v40" stroke="#fff" strokeWidth="7" strokeLinecap="round" />
    </svg>
  );
}

/** The app. */
export function App() {
  const { stores, host } = useApp();
  const screen = useSlice(stores.ui, (s) => s.screen);
  const path = useSlice(stores.dataset, (s) => s.path);
  const ready = useSlice(stores.dataset, (s) => s.phase === 'ready');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'o') {
        e.preventDefault();
        if (host.pickFile) void host.pickFile().then((p) => (p ? stores.openFile(p) : undefined));
        else stores.ui.getState().go('start');
      } else if (key === 'f' && stores.dataset.getState().phase === 'ready') {
        e.preventDefault();
        stores.ui.getState().go('data');
        // After the data screen rendered its toolbar.
        setTimeout(() => window.dispatchEvent(new Event(FIND_EVENT)), 0);
      } else if ((key === 'z' || key === 'y') && !inTextField(e.target)) {
        const redo = key === 'y' || e.shiftKey;
        const r = stores.recipe.getState();
        if (!r.datasetId || !(redo ? r.view?.canRedo : r.view?.canUndo)) return;
        e.preventDefault();
        void (redo ? r.redo() : r.undo());
      }
    };
    window.addEventListener('keydown', onKey);
    const off = host.onOpenRequest?.((p) => void stores.openFile(p));
    return () => {
      window.removeEventListener('keydown', onKey);
      off?.();
    };
  }, [host, stores]);

  return (
    <div className="app">
      <header className="topbar">
        <button
          className="brand"
          type="button"
          onClick={() => stores.ui.getState().go('start')}
          aria-label="Sluice: start screen"
        >
          <Logo />
          <span>Sluice</span>
        </button>
        {path && (
          <>
            <span className="topbar-file" title={path}>
              {baseName(path)}
            </span>
            <nav className="tabs" aria-label="Views">
              {TABS.map((t) => (
                <button
                  key={t.screen}
                  type="button"
                  className={`tab${screen === t.screen ? ' active' : ''}`}
                  aria-current={screen === t.screen ? 'page' : undefined}
                  disabled={t.needsData && !ready}
                  onClick={() => stores.ui.getState().go(t.screen)}
                >
                  {t.label}
                </button>
              ))}
            </nav>
          </>
        )}
        <span className="spacer" />
        {path && (
          <button className="btn small" type="button" onClick={() => stores.closeFile()}>
            Close file
          </button>
        )}
      </header>
      <main className="content">
        {screen === 'start' && <StartScreen />}
        {screen === 'open' && <OpenScreen />}
        {screen === 'data' && <DataScreen />}
        {screen === 'schema' && <SchemaScreen />}
        {screen === 'profile' && <ProfileScreen />}
        {screen === 'recipe' && <RecipeScreen />}
        {screen === 'sync' && <SyncScreen />}
        {screen === 'runs' && <RunsScreen />}
        {screen === 'embed' && <EmbedScreen />}
      </main>
      <StatusBar />
    </div>
  );
}
