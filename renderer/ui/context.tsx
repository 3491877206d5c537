// React access to the app's stores and host. Components select small slices so a progress event
// re-renders only what shows progress.

import { createContext, useContext } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { Host } from '../host.js';
import type { AppStores } from '../stores/app-stores.js';

interface AppContextValue {
  stores: AppStores;
  host: Host;
}

const AppContext = createContext<AppContextValue | null>(null);

/** Provides stores and host to the tree. */
export const AppProvider = AppContext.Provider;

/** The app's stores and host. */
export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside <AppProvider>');
  return v;
}

/** A slice of a store (re-renders when it changes, by Object.is). */
export function useSlice<S, T>(store: StoreApi<S>, select: (s: S) => T): T {
  return useStore(store, select);
}
