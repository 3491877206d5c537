// Start: open a file by path (the web mode cannot see a browser-picked file's path), with the native
// dialog and drag and drop where the host offers them, the bundled example, and recent files.

import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useApp, useSlice } from '../context.js';
import { baseName } from '../format.js';

/** The start screen. */
export function StartScreen() {
  const { stores, host } = useApp();
  const recent = useSlice(stores.ui, (s) => s.recent);
  const [path, setPath] = useState('');
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const open = (p: string) => void stores.openFile(p.trim());

  function submit(e: FormEvent) {
    e.preventDefault();
    if (path.trim()) open(path);
    else input.current?.focus();
  }

  function drop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    const p = file && host.pathForFile?.(file);
    if (p) open(p);
  }

  const canDrop = !!host.pathForFile;
  return (
    <div
      className={`start${dragging ? ' dragging' : ''}`}
      onDragOver={canDrop ? (e) => (e.preventDefault(), setDragging(true)) : undefined}
      onDragLeave={canDrop ? () => setDragging(false) : undefined}
      onDrop={canDrop ? drop : undefined}
    >
      <section className="start-card" aria-labelledby="start-title">
        <h1 id="start-title">Open a CSV file</h1>
        <p className="muted">
          Sluice shows the first rows at once and imports the whole file in the background, then checks every
          row against a schema.
        </p>
        <form className="open-form" onSubmit={submit}>
          <div className="field grow">
            <label htmlFor="open-path">File path on this machine</label>
            <input
              id="open-path"
              ref={input}
              className="input"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              placeholder="/home/me/data/orders.csv"
              spellCheck={false}
              autoComplete="off"
              autoFocus
            />
          </div>
          <button className="btn primary" type="submit">
            Open
          </button>
        </form>
        <div className="start-actions">
          {host.pickFile && (
            <button
              className="btn"
              type="button"
              onClick={() => void host.pickFile?.().then((p) => (p ? open(p) : undefined))}
            >
              Choose a file…
            </button>
          )}
          {host.examplePath && (
            <button className="btn" type="button" onClick={() => open(host.examplePath!)}>
              Open the example: {baseName(host.examplePath)}
            </button>
          )}
        </div>
        {canDrop && <p className="faint">Or drop a CSV file anywhere on this window.</p>}
        <h3 className="recent-title">Recent</h3>
        {recent.length === 0 ? (
          <p className="faint">Files you open appear here.</p>
        ) : (
          <ul className="recent" aria-label="Recent files">
            {recent.map((p) => (
              <li key={p}>
                <button className="recent-item" type="button" onClick={() => open(p)} title={p}>
                  <span className="recent-name">{baseName(p)}</span>
                  <span className="recent-path mono">{p}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
