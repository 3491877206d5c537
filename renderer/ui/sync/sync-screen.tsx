// Sync: the connection manager, the sync form (target, table, mode, key), the dry run's counts and problems,
// the running job's progress, its result (rejected rows go back to Findings), and the history with rollback.

import { useEffect } from 'react';
import type { SyncMode } from '../../../core/contract/sync.js';
import { ErrorBanner, ProgressBar } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';
import { ConnectionsPanel } from './connections-panel.js';
import { SyncHistory } from './sync-history.js';

const MODES: { mode: SyncMode; label: string }[] = [
  { mode: 'append', label: 'Append rows' },
  { mode: 'upsert', label: 'Upsert by key' },
  { mode: 'insert-new', label: 'Insert new keys only' },
  { mode: 'replace', label: 'Replace the table' },
];

function Count({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <div className="count-value">{fmtInt(value)}</div>
      <div className="count-label">{label}</div>
    </div>
  );
}

/** The sync screen. */
export function SyncScreen() {
  const { stores } = useApp();
  const sync = stores.sync;
  const form = useSlice(sync, (s) => s.form);
  const connections = useSlice(sync, (s) => s.connections);
  const dry = useSlice(sync, (s) => s.dryRun);
  const planning = useSlice(sync, (s) => s.planning);
  const busy = useSlice(sync, (s) => s.busy);
  const progress = useSlice(sync, (s) => s.progress);
  const result = useSlice(sync, (s) => s.result);
  const error = useSlice(sync, (s) => s.error);
  const file = useSlice(stores.dataset, (s) => s.info?.source.path ?? '');

  useEffect(() => {
    void sync.getState().loadConnections();
    void sync.getState().loadHistory();
    if (!sync.getState().form.table) {
      const base = file.replace(/^.*[/\\]/, '').replace(/\.[^.]*$/, '');
      sync.getState().setForm({ table: base.toLowerCase().replace(/[^a-z0-9_]+/g, '_') || 'data' });
    }
  }, [sync, file]);
  const saved = connections.some((c) => c.name === form.to);
  const set = sync.getState().setForm;

  return (
    <div className="page">
      <div className="page-inner">
        <h2>Sync to PostgreSQL</h2>
        <ConnectionsPanel />
        <section className="panel" aria-labelledby="sync-title">
          <h3 id="sync-title">Sync this dataset</h3>
          <div className="row">
            <div className="field">
              <label htmlFor="sync-conn">Connection</label>
              <select
                id="sync-conn"
                className="select"
                value={saved ? form.to : form.to ? '__url' : ''}
                onChange={(e) => set({ to: e.target.value === '__url' ? 'postgres://' : e.target.value })}
              >
                <option value="">Default ($DATABASE_URL or sandbox)</option>
                {connections.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
                <option value="__url">A URL…</option>
              </select>
            </div>
            {!saved && form.to && (
              <div className="field grow">
                <label htmlFor="sync-url">Target URL</label>
                <input
                  id="sync-url"
                  className="input mono"
                  value={form.to}
                  onChange={(e) => set({ to: e.target.value })}
                />
              </div>
            )}
            <div className="field">
              <label htmlFor="sync-table">Table</label>
              <input
                id="sync-table"
                className="input"
                value={form.table}
                onChange={(e) => set({ table: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor="sync-mode">Mode</label>
              <select
                id="sync-mode"
                className="select"
                value={form.mode}
                onChange={(e) => set({ mode: e.target.value as SyncMode })}
              >
                {MODES.map((m) => (
                  <option key={m.mode} value={m.mode}>
                    {m.label}
                  </option>
                ))}
              </select>
            </div>
            {(form.mode === 'upsert' || form.mode === 'insert-new') && (
              <div className="field">
                <label htmlFor="sync-key">Key fields</label>
                <input
                  id="sync-key"
                  className="input"
                  placeholder="schema's primary key"
                  value={form.key}
                  onChange={(e) => set({ key: e.target.value })}
                />
              </div>
            )}
          </div>
          <div className="row" style={{ marginTop: 10 }}>
            <button
              className="btn"
              type="button"
              disabled={planning || busy || !form.table}
              onClick={() => void sync.getState().plan()}
            >
              {planning ? 'Checking…' : 'Dry run'}
            </button>
            <button
              className="btn primary"
              type="button"
              disabled={busy || !form.table}
              onClick={() => void sync.getState().run()}
            >
              {busy ? 'Syncing…' : 'Run sync'}
            </button>
          </div>
        </section>
        {error && <ErrorBanner error={error} />}
        {dry && (
          <section className="panel" aria-labelledby="dry-title">
            <h3 id="dry-title" className="as-written">
              Dry run · {dry.plan.dbSchema}.{dry.plan.table} on {dry.target}
            </h3>
            <div className="counts" aria-label="Dry-run counts">
              <Count label="rows" value={dry.rows} />
              {dry.counts && (
                <>
                  <Count label="would insert" value={dry.counts.inserted} />
                  <Count label="would update" value={dry.counts.updated} />
                  <Count label="unchanged" value={dry.counts.unchanged} />
                  <Count label="would be rejected" value={dry.counts.rejected} />
                </>
              )}
              <Count label="held back (findings)" value={dry.heldBack} />
            </div>
            {dry.plan.schemaChanges.length > 0 && (
              <pre className="log" aria-label="Schema changes">
                {dry.plan.schemaChanges.join('\n')}
              </pre>
            )}
            {dry.plan.problems.map((p, i) => (
              <div key={i} className="banner error" role="alert">
                <div>
                  <div className="banner-title">{p.message}</div>
                  {p.hint && <div>{p.hint}</div>}
                </div>
              </div>
            ))}
          </section>
        )}
        {busy && (
          <section className="panel" aria-label="Sync progress">
            <ProgressBar
              label="Sync progress"
              fraction={progress && progress.rowsTotal ? progress.rowsDone / progress.rowsTotal : undefined}
            />
            {progress && (
              <p className="muted">
                {fmtInt(progress.rowsDone)} of {fmtInt(progress.rowsTotal)} rows ·{' '}
                {fmtInt(progress.rowsPerSec)} rows/s · {fmtInt(progress.batchesDone)} batches ·{' '}
                {fmtInt(progress.rejected)} rejected
              </p>
            )}
          </section>
        )}
        {result && (
          <section className="panel" aria-labelledby="result-title">
            <h3 id="result-title" className="as-written">
              Synced into {result.table}
            </h3>
            <div className="counts" aria-label="Sync result">
              <Count label="inserted" value={result.inserted} />
              <Count label="updated" value={result.updated} />
              <Count label="unchanged" value={result.unchanged} />
              <Count label="rejected" value={result.rejected} />
              <Count label="held back" value={result.heldBack} />
            </div>
            <p className="muted">
              {fmtInt(result.batches)} batches in {fmtInt(result.durationMs)} ms ({fmtInt(result.rowsPerSec)}{' '}
              rows/s)
              {result.rejected ? ' · the rejected rows are in Findings (rule “sync”)' : ''}
              {result.alreadyDone ? ' · already synced: nothing written' : ''}
            </p>
          </section>
        )}
        <SyncHistory />
      </div>
    </div>
  );
}
