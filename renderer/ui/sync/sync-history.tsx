// The sync jobs the target database has seen, newest first, with rollback.

import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';

/** The sync history. */
export function SyncHistory() {
  const { stores } = useApp();
  const sync = stores.sync;
  const history = useSlice(sync, (s) => s.history);
  const busy = useSlice(sync, (s) => s.busy);
  const rolledBack = useSlice(sync, (s) => s.rolledBack);

  return (
    <section className="panel" aria-labelledby="history-title">
      <h3 id="history-title">History</h3>
      {rolledBack && (
        <p className="toast" role="status">
          Rolled back {rolledBack.syncId}: {fmtInt(rolledBack.rowsDeleted)} rows deleted,{' '}
          {fmtInt(rolledBack.rowsRestored)} restored{rolledBack.tableDropped ? ', table dropped' : ''}.
        </p>
      )}
      {history.length === 0 ? (
        <p className="muted">No sync into this database yet.</p>
      ) : (
        <table className="data-table" aria-label="Sync history">
          <thead>
            <tr>
              <th>Started</th>
              <th>Table</th>
              <th>Mode</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.syncId}>
                <td>{new Date(h.startedAt).toLocaleString()}</td>
                <td className="mono">
                  {h.dbSchema}.{h.table}
                </td>
                <td>{h.mode}</td>
                <td>
                  <span className={`status ${h.status}`}>{h.status.replace('_', ' ')}</span>
                </td>
                <td>
                  {h.status !== 'rolled_back' && h.status !== 'running' && (
                    <button
                      className="btn small danger"
                      type="button"
                      disabled={busy}
                      aria-label={`Roll back the sync into ${h.table} started ${new Date(h.startedAt).toLocaleString()}`}
                      onClick={() => void sync.getState().rollback(h.syncId)}
                    >
                      Roll back
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
