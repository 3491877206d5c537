// Embeddings: pick a text column, a model and a device; run with live progress; then explore near-duplicates
// (the rows most similar to a line or to a text, by cosine similarity computed in the engine).

import { useEffect, useState, type FormEvent } from 'react';
import type { EmbedDevice } from '../../../core/contract/api-embed.js';
import { ErrorBanner, ProgressBar, StateView } from '../common.js';
import { useApp, useSlice } from '../context.js';
import { fmtInt } from '../format.js';

/** The embeddings screen. */
export function EmbedScreen() {
  const { stores } = useApp();
  const e = stores.embed;
  const models = useSlice(e, (s) => s.models);
  const column = useSlice(e, (s) => s.column);
  const model = useSlice(e, (s) => s.model);
  const device = useSlice(e, (s) => s.device);
  const running = useSlice(e, (s) => s.running);
  const progress = useSlice(e, (s) => s.progress);
  const result = useSlice(e, (s) => s.result);
  const embedded = useSlice(e, (s) => s.columns);
  const similar = useSlice(e, (s) => s.similar);
  const searching = useSlice(e, (s) => s.searching);
  const error = useSlice(e, (s) => s.error);
  const fields = useSlice(stores.schema, (s) => s.saved?.fields);
  const [query, setQuery] = useState('');
  const texts = (fields ?? []).filter((f) => f.type === 'string').map((f) => f.name);

  useEffect(() => {
    void e.getState().load();
  }, [e]);
  useEffect(() => {
    if (!e.getState().column && texts[0])
      e.getState().choose({ column: texts.includes('notes') ? 'notes' : texts[0] });
  }, [e, texts]);
  const current = models?.models.find((m) => m.name === model);
  const done = embedded.some((c) => c.column === column);

  const onSearch = (ev: FormEvent) => {
    ev.preventDefault();
    const q = query.trim();
    if (!q) return;
    void e.getState().findSimilar(/^\d+$/.test(q) ? { line: Number(q) } : { text: q });
  };

  return (
    <div className="page">
      <div className="page-inner">
        <h2>Embeddings</h2>
        <section className="panel" aria-labelledby="embed-title">
          <h3 id="embed-title">Embed a text column</h3>
          <div className="row">
            <div className="field">
              <label htmlFor="embed-column">Column</label>
              <select
                id="embed-column"
                className="select"
                value={column}
                onChange={(x) => e.getState().choose({ column: x.target.value })}
              >
                {texts.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
            <div className="field grow">
              <label htmlFor="embed-model">Model</label>
              <select
                id="embed-model"
                className="select"
                value={model}
                onChange={(x) => e.getState().choose({ model: x.target.value })}
              >
                {models?.models.map((m) => (
                  <option key={m.name} value={m.name}>
                    {m.name}
                    {m.isDefault ? ' (default)' : ''}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="embed-device">Device</label>
              <select
                id="embed-device"
                className="select"
                value={device}
                onChange={(x) => e.getState().choose({ device: x.target.value as EmbedDevice })}
              >
                {(models?.devices ?? [{ device: 'cpu' as const, available: true }]).map((d) => (
                  <option key={d.device} value={d.device} disabled={!d.available}>
                    {d.device.toUpperCase()}
                    {d.available ? '' : ' (not available)'}
                  </option>
                ))}
              </select>
            </div>
            <button
              className="btn primary"
              type="button"
              disabled={running || !column}
              onClick={() => void e.getState().run()}
            >
              {running ? 'Embedding…' : done ? 'Embed again' : 'Embed'}
            </button>
          </div>
          {current && <p className="muted">{current.description}</p>}
          {running && (
            <div aria-label="Embedding progress">
              <ProgressBar
                label="Embedding progress"
                fraction={progress && progress.rowsTotal ? progress.rowsDone / progress.rowsTotal : undefined}
              />
              {progress && (
                <p className="muted">
                  {fmtInt(progress.rowsDone)} of {fmtInt(progress.rowsTotal)} rows ·{' '}
                  {fmtInt(progress.textsPerSecond)} texts/s
                  {progress.etaSeconds !== null ? ` · ${Math.ceil(progress.etaSeconds)} s left` : ''}
                </p>
              )}
            </div>
          )}
          {result && (
            <p className="toast" role="status">
              Embedded {fmtInt(result.rows)} rows of {result.column} with {result.model} ({result.dimension}{' '}
              dimensions) on {result.device.toUpperCase()}: {fmtInt(result.rowsEmbedded)} computed,{' '}
              {fmtInt(result.rowsFromCache)} from the cache, in {(result.durationMs / 1000).toFixed(1)} s.
              {result.warnings.map((w) => ` ${w}`)}
            </p>
          )}
        </section>
        {error && <ErrorBanner error={error} />}
        <section className="panel" aria-labelledby="dups-title">
          <h3 id="dups-title">Near-duplicates</h3>
          {!done ? (
            <StateView title="Not embedded yet">
              Embed {column || 'a text column'} to find rows that say the same thing.
            </StateView>
          ) : (
            <>
              <form className="row" role="search" onSubmit={onSearch}>
                <div className="field grow">
                  <label htmlFor="similar-query">A line number or a text</label>
                  <input
                    id="similar-query"
                    className="input"
                    value={query}
                    onChange={(x) => setQuery(x.target.value)}
                  />
                </div>
                <button className="btn" type="submit" disabled={searching}>
                  Find similar
                </button>
              </form>
              {similar && (
                <table className="data-table" aria-label="Similar rows" style={{ marginTop: 8 }}>
                  <caption className="muted" style={{ textAlign: 'left', paddingBottom: 6 }}>
                    Rows most like{' '}
                    {'line' in similar.query
                      ? `line ${fmtInt(similar.query.line)} (“${similar.query.text ?? ''}”)`
                      : `“${similar.query.text}”`}
                  </caption>
                  <thead>
                    <tr>
                      <th className="num" style={{ width: 80 }}>
                        Line
                      </th>
                      <th className="num" style={{ width: 100 }}>
                        Similarity
                      </th>
                      <th>{similar.column}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {similar.rows.map((r) => (
                      <tr
                        key={r.line}
                        className="clickable"
                        onClick={() => void e.getState().findSimilar({ line: r.line })}
                      >
                        <td className="num">{fmtInt(r.line)}</td>
                        <td className="num score">{r.score.toFixed(3)}</td>
                        <td>{r.text}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          )}
        </section>
      </div>
    </div>
  );
}
