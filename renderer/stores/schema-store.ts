// The schema editor's model: the saved schema, a draft being edited, and import/export as Table Schema
// JSON. Saving goes through `schema.set`, so the engine's checks (field, key) are the ones the user sees.

import { createStore } from 'zustand/vanilla';
import type { AppBridge } from '../../core/contract/api.js';
import type { AppErrorData } from '../../core/contract/errors.js';
import type { FieldConstraints, SchemaField, TableSchema } from '../../core/contract/schema.js';
import { localError } from './result.js';

/** State and actions of the schema store. */
export interface SchemaState {
  datasetId: string | null;
  saved: TableSchema | null;
  draft: TableSchema | null;
  dirty: boolean;
  loading: boolean;
  saving: boolean;
  error: AppErrorData | null;
  load(datasetId: string | null): Promise<void>;
  /** Changes a field's own keys (type, format, title…). */
  updateField(name: string, patch: Partial<SchemaField>): void;
  /** Changes constraints; an undefined value removes the constraint. */
  updateConstraints(name: string, patch: Partial<FieldConstraints>): void;
  setPrimaryKey(names: string[]): void;
  revert(): void;
  /** Saves the draft; true when the engine accepted it. */
  save(): Promise<boolean>;
  /** Replaces the draft with a freshly inferred schema (not saved). */
  infer(): Promise<void>;
  /** Sets a schema from JSON text (a file the user picked); true when accepted. */
  importJson(text: string): Promise<boolean>;
  /** The saved schema as pretty JSON. */
  exportJson(): string;
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Creates the schema store. */
export function createSchemaStore(bridge: AppBridge) {
  return createStore<SchemaState>()((set, get) => {
    function edit(fn: (draft: TableSchema) => TableSchema): void {
      const draft = get().draft;
      if (draft) set({ draft: fn(draft), dirty: true, error: null });
    }

    async function put(schema: unknown): Promise<boolean> {
      const datasetId = get().datasetId;
      if (!datasetId) return false;
      set({ saving: true, error: null });
      const r = await bridge['schema.set']({ datasetId, schema });
      if (get().datasetId !== datasetId) return false;
      if (!r.ok) {
        set({ saving: false, error: r.error });
        return false;
      }
      set({ saving: false, saved: r.value, draft: structuredClone(r.value), dirty: false });
      return true;
    }

    return {
      datasetId: null,
      saved: null,
      draft: null,
      dirty: false,
      loading: false,
      saving: false,
      error: null,

      async load(datasetId) {
        set({ datasetId, saved: null, draft: null, dirty: false, error: null, loading: datasetId !== null });
        if (!datasetId) return;
        const r = await bridge['schema.get']({ datasetId });
        if (get().datasetId !== datasetId) return;
        set(
          r.ok
            ? { saved: r.value, draft: structuredClone(r.value), loading: false }
            : { error: r.error, loading: false },
        );
      },

      updateField(name, patch) {
        edit((d) => ({
          ...d,
          fields: d.fields.map((f) => (f.name === name ? withoutUndefined({ ...f, ...patch }) : f)),
        }));
      },

      updateConstraints(name, patch) {
        edit((d) => ({
          ...d,
          fields: d.fields.map((f) => {
            if (f.name !== name) return f;
            const constraints = withoutUndefined({ ...f.constraints, ...patch });
            const { constraints: _old, ...rest } = f;
            return Object.keys(constraints).length ? { ...rest, constraints } : rest;
          }),
        }));
      },

      setPrimaryKey(names) {
        edit((d) => {
          const { primaryKey: _old, ...rest } = d;
          return names.length === 0 ? rest : { ...rest, primaryKey: names.length === 1 ? names[0]! : names };
        });
      },

      revert() {
        const saved = get().saved;
        set({ draft: saved ? structuredClone(saved) : null, dirty: false, error: null });
      },

      save: () => put(get().draft),

      async infer() {
        const datasetId = get().datasetId;
        if (!datasetId) return;
        set({ loading: true, error: null });
        const r = await bridge['schema.infer']({ datasetId });
        if (get().datasetId !== datasetId) return;
        set(r.ok ? { draft: r.value, dirty: true, loading: false } : { error: r.error, loading: false });
      },

      async importJson(text) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (e) {
          set({
            error: localError(
              'SCHEMA_INVALID',
              `The file is not valid JSON: ${(e as Error).message}`,
              'Pick a Table Schema JSON file.',
            ),
          });
          return false;
        }
        return put(parsed);
      },

      exportJson() {
        return `${JSON.stringify(get().saved ?? get().draft ?? { fields: [] }, null, 2)}\n`;
      },
    };
  });
}

/** The schema store's type. */
export type SchemaStore = ReturnType<typeof createSchemaStore>;
