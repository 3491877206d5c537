// The schema editor: each field's type, format and constraints, the primary key, and import/export of
// the Frictionless Table Schema as JSON. Saving re-runs validation.

import { useRef } from 'react';
import { ErrorBanner, StateView } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { baseName } from '../format.js';
import { FieldRow } from './field-row.js';

const keyOf = (pk: string | string[] | undefined) => (pk === undefined ? [] : Array.isArray(pk) ? pk : [pk]);

/** The schema screen. */
export function SchemaScreen() {
  const { stores } = useApp();
  const s = stores.schema;
  const draft = useSlice(s, (x) => x.draft);
  const dirty = useSlice(s, (x) => x.dirty);
  const saving = useSlice(s, (x) => x.saving);
  const loading = useSlice(s, (x) => x.loading);
  const error = useSlice(s, (x) => x.error);
  const path = useSlice(stores.dataset, (x) => x.path);
  const file = useRef<HTMLInputElement>(null);

  if (!draft)
    return loading ? (
      <StateView title="Loading the schema…" busy />
    ) : error ? (
      <div className="pad">
        <ErrorBanner error={error} />
      </div>
    ) : (
      <StateView title="No schema" />
    );

  const key = keyOf(draft.primaryKey);
  const errorField = typeof error?.details.field === 'string' ? error.details.field : undefined;
  const download = () => {
    const blob = new Blob([s.getState().exportJson()], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${baseName(path ?? 'data').replace(/\.[^.]*$/, '')}.schema.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  return (
    <div className="schema-screen">
      <div className="toolbar" role="toolbar" aria-label="Schema actions">
        <button
          className="btn primary"
          type="button"
          disabled={!dirty || saving}
          onClick={() => void s.getState().save()}
        >
          {saving ? 'Saving…' : 'Save and validate'}
        </button>
        <button className="btn" type="button" disabled={!dirty} onClick={() => s.getState().revert()}>
          Revert
        </button>
        <button className="btn" type="button" onClick={() => void s.getState().infer()}>
          Infer from data
        </button>
        {dirty && <span className="pill warn">Unsaved changes</span>}
        <span className="spacer" />
        <button className="btn" type="button" onClick={() => file.current?.click()}>
          Import JSON…
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          className="sr-only"
          aria-label="Table Schema JSON file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void f.text().then((t) => s.getState().importJson(t));
            e.target.value = '';
          }}
        />
        <button className="btn" type="button" onClick={download}>
          Export JSON
        </button>
      </div>
      {error && (
        <div className="pad-x">
          <ErrorBanner error={error} />
        </div>
      )}
      <div className="schema-table-wrap">
        <table className="schema-table">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Type</th>
              <th scope="col">Format</th>
              <th scope="col">Required</th>
              <th scope="col">Unique</th>
              <th scope="col">Min</th>
              <th scope="col">Max</th>
              <th scope="col">Min len</th>
              <th scope="col">Max len</th>
              <th scope="col">Pattern</th>
              <th scope="col">Allowed values</th>
              <th scope="col" title="Primary key">
                Key
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.fields.map((f) => (
              <FieldRow
                key={f.name}
                field={f}
                inKey={key.includes(f.name)}
                error={errorField === f.name ? error?.message : undefined}
                onField={(patch) => s.getState().updateField(f.name, patch)}
                onConstraint={(patch) => s.getState().updateConstraints(f.name, patch)}
                onKey={(on) =>
                  s.getState().setPrimaryKey(on ? [...key, f.name] : key.filter((k) => k !== f.name))
                }
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
