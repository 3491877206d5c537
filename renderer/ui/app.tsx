// The application shell: top bar with the open file and its views, the current screen, the status bar,
// and the global shortcuts.

import { useEffect } from 'react';
import type { Screen } from '../stores/ui-store.js';
import { useApp, useSlice } from './context.js';
import { DataScreen } from './data/data-screen.js';
import { baseName } from './format.js';
import { OpenScreen } from './open/open-screen.js';
import { ProfileScreen } from './profile/profile-screen.js';
import { SchemaScreen } from './schema/schema-screen.js';
import { StartScreen } from './start/start-screen.js';
import { StatusBar } from './status-bar.js';

const TABS: { screen: Screen; label: string; needsData: boolean }[] = [
  { screen: 'open', label: 'Import', needsData: false },
  { screen: 'data', label: 'Data', needsData: true },
  { screen: 'schema', label: 'Schema', needsData: true },
  { screen: 'profile', label: 'Profile', needsData: true },
];

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
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        if (host.pickFile) void host.pickFile().then((p) => (p ? stores.openFile(p) : undefined));
        else stores.ui.getState().go('start');
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
      </main>
      <StatusBar />
    </div>
  );
}
