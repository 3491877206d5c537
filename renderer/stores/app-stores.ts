// All stores of the app over one bridge, and the few rules that tie them together: when a dataset
// becomes ready every view loads it and validation runs; a saved schema re-runs validation; a finished
// import moves the user from the Open screen to the data.

import type { AppBridge } from '../../core/contract/api.js';
import { createDatasetStore } from './dataset-store.js';
import { createEmbedStore } from './embed-store.js';
import { createFindingsStore } from './findings-store.js';
import { createGridStore, type GridCacheOptions } from './grid-store.js';
import { createProfileStore } from './profile-store.js';
import { createRecipeStore } from './recipe-store.js';
import { createRejectsStore } from './rejects-store.js';
import { createRunsStore } from './runs-store.js';
import { createSchemaStore } from './schema-store.js';
import { createSuggestionsStore } from './suggestions-store.js';
import { createSyncStore } from './sync-store.js';
import { createUiStore, type KeyValueStorage } from './ui-store.js';

/** Options of the app's stores. */
export interface AppStoresOptions {
  storage?: KeyValueStorage;
  grid?: GridCacheOptions;
  /** Validate as soon as a dataset is ready (default true). */
  autoValidate?: boolean;
}

/** Creates and wires every store. */
export function createAppStores(bridge: AppBridge, opts: AppStoresOptions = {}) {
  const dataset = createDatasetStore(bridge);
  const grid = createGridStore(bridge, opts.grid);
  const findings = createFindingsStore(bridge);
  const schema = createSchemaStore(bridge);
  const profile = createProfileStore(bridge);
  const rejects = createRejectsStore(bridge);
  const ui = createUiStore(opts.storage);
  const recipe = createRecipeStore(bridge);
  const suggestions = createSuggestionsStore(bridge, (op, note) => recipe.getState().apply(op, { note }));
  // Rows the database rejected come back as findings (rule `sync`).
  const sync = createSyncStore(bridge, () => void findings.getState().refresh());
  const runs = createRunsStore(bridge);
  const embed = createEmbedStore(bridge);
  let loaded: string | null = null;

  const offs = [
    dataset.subscribe((s, prev) => {
      const id = s.phase === 'ready' ? (s.info?.datasetId ?? null) : null;
      if (
        s.phase === 'ready' &&
        prev.phase === 'importing' &&
        ui.getState().screen === 'open' &&
        !s.overridesPending
      )
        ui.getState().go('data');
      if (id === loaded || (s.phase !== 'ready' && s.phase !== 'idle')) return;
      loaded = id;
      void grid.getState().setDataset(id);
      void schema.getState().load(id);
      profile.getState().setDataset(id);
      void rejects.getState().setDataset(id);
      void findings.getState().setDataset(id, { validate: opts.autoValidate !== false });
      void recipe.getState().setDataset(id);
      suggestions.getState().setDataset(id);
      sync.getState().setDataset(id);
      embed.getState().setDataset(id);
    }),
    // A recipe change moved the current view: the rows, findings, profile and suggestions follow it.
    recipe.subscribe((s, prev) => {
      if (s.revision === prev.revision || !s.datasetId) return;
      void grid.getState().reload();
      profile.getState().setDataset(null);
      profile.getState().setDataset(s.datasetId);
      void profile.getState().load();
      void findings.getState().refresh();
    }),
    findings.subscribe((s, prev) => {
      if (s.summary !== prev.summary && s.summary) void suggestions.getState().load();
      // The grid's cell marks come with its rows: new findings (a validation, a sync) mean reading the rows in
      // view again (the grid remembers the revision it has seen).
      if (s.revision !== prev.revision) void grid.getState().findingsChanged(s.revision);
    }),
    schema.subscribe((s, prev) => {
      if (s.saved && prev.saved && s.saved !== prev.saved && s.datasetId === prev.datasetId)
        void findings.getState().validate();
    }),
  ];

  return {
    dataset,
    grid,
    findings,
    schema,
    profile,
    rejects,
    ui,
    recipe,
    suggestions,
    sync,
    runs,
    embed,

    /** Opens a file: remembers it, shows the Open screen (or the data at once when already imported). */
    async openFile(path: string): Promise<void> {
      ui.getState().remember(path);
      ui.getState().go('open');
      await dataset.getState().open(path);
      if (dataset.getState().phase === 'ready' && ui.getState().screen === 'open') ui.getState().go('data');
    },
    /** Back to the start screen. */
    closeFile(): void {
      dataset.getState().close();
      ui.getState().go('start');
    },
    dispose(): void {
      for (const off of offs) off();
      dataset.dispose();
      sync.dispose();
      runs.dispose();
      embed.dispose();
    },
  };
}

/** The app's stores. */
export type AppStores = ReturnType<typeof createAppStores>;
