// Saved PostgreSQL connections: list, test, remove, and add one from a URL (the password goes to the keychain).

import { useState, type FormEvent } from 'react';
import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';

/** The connection manager. */
export function ConnectionsPanel() {
  const { stores } = useApp();
  const sync = stores.sync;
  const connections = useSlice(sync, (s) => s.connections);
  const tested = useSlice(sync, (s) => s.tested);
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');

  const onAdd = async (e: FormEvent) => {
    e.preventDefault();
    if (await sync.getState().addConnection({ name: name.trim(), url: url.trim() })) {
      setName('');
      setUrl('');
    }
  };

  return (
    <section className="panel" aria-labelledby="connections-title">
      <h3 id="connections-title">Connections</h3>
      {connections.length === 0 ? (
        <p className="muted">
          No saved connection. Without one, Sync uses $DATABASE_URL, else a local sandbox database.
        </p>
      ) : (
        <table className="data-table" aria-label="Saved connections">
          <thead>
            <tr>
              <th>Name</th>
              <th>Server</th>
              <th>Database</th>
              <th>TLS</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {connections.map((c) => (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td className="mono">
                  {c.user}@{c.host}:{c.port}
                </td>
                <td>{c.database}</td>
                <td>{c.tls}</td>
                <td>
                  <div className="row">
                    <button
                      className="btn small"
                      type="button"
                      onClick={() => void sync.getState().test(c.name)}
                    >
                      Test
                    </button>
                    <button
                      className="btn small"
                      type="button"
                      aria-label={`Remove connection ${c.name}`}
                      onClick={() => void sync.getState().removeConnection(c.name)}
                    >
                      Remove
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="row" onSubmit={onAdd} aria-label="Add a connection" style={{ marginTop: 8 }}>
        <div className="field">
          <label htmlFor="conn-name">Name</label>
          <input id="conn-name" className="input" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field grow">
          <label htmlFor="conn-url">URL</label>
          <input
            id="conn-url"
            className="input mono"
            placeholder="postgres://user:password@host:5432/database"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
          />
        </div>
        <button
          className="btn"
          type="button"
          disabled={!url}
          onClick={() => void sync.getState().test(url.trim())}
        >
          Test
        </button>
        <button className="btn primary" type="submit" disabled={!name || !url}>
          Save
        </button>
      </form>
      {tested && (
        <p className="muted" role="status" aria-label="Connection test">
          {tested.result ? (
            <>
              <span className="status ok">connected</span> {tested.result.label} · PostgreSQL{' '}
              {tested.result.serverVersion} · {fmtInt(tested.result.latencyMs)} ms
              {tested.result.pgvector ? ' · pgvector' : ''}
            </>
          ) : tested.error ? (
            <>
              <span className="status error">failed</span> {tested.error.message}
            </>
          ) : (
            'Testing…'
          )}
        </p>
      )}
    </section>
  );
}
