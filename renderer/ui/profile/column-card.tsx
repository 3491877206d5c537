// One column's profile: type and how sure, missing and distinct counts, range, quantiles, histogram, top values.

import type { ColumnProfile } from '../../../core/contract/profile.js';
import { Histogram } from '../common.js';
import { fmtInt, fmtNum, fmtPct } from '../format.js';

const show = (v: string | number | null | undefined) =>
  v === null || v === undefined ? '—' : typeof v === 'number' ? fmtNum(v) : v;

/** A column's profile card. */
export function ColumnCard({ c }: { c: ColumnProfile }) {
  const present = c.rows - c.nulls;
  const topMax = c.topValues[0]?.count ?? 1;
  return (
    <article className="column-card" aria-labelledby={`col-${c.name}`}>
      <header>
        <h2 id={`col-${c.name}`} title={c.name}>
          {c.name}
        </h2>
        <span className="pill accent">
          {c.type}
          {c.format && c.format !== 'default' ? ` · ${c.format}` : ''}
        </span>
      </header>
      <dl className="figures">
        <dt>Conforming</dt>
        <dd>{fmtPct(c.typeConfidence)}</dd>
        <dt>Missing</dt>
        <dd className={c.nulls ? 'warn-text' : ''}>
          {fmtInt(c.nulls)} <span className="faint">({fmtPct(c.rows ? c.nulls / c.rows : 0)})</span>
        </dd>
        <dt>Distinct</dt>
        <dd>
          {c.distinctApproximate ? '≈ ' : ''}
          {fmtInt(c.distinct)} <span className="faint">of {fmtInt(present)}</span>
        </dd>
        <dt>Min</dt>
        <dd className="mono">{show(c.min)}</dd>
        <dt>Max</dt>
        <dd className="mono">{show(c.max)}</dd>
        {c.mean !== null && (
          <>
            <dt>Mean</dt>
            <dd className="mono">{fmtNum(c.mean)}</dd>
          </>
        )}
        {c.quantiles && (
          <>
            <dt>Median</dt>
            <dd className="mono">{show(c.quantiles.p50)}</dd>
            <dt>P5 – P95</dt>
            <dd className="mono">
              {show(c.quantiles.p05)} – {show(c.quantiles.p95)}
            </dd>
          </>
        )}
      </dl>
      {c.histogram.bins.length > 0 && (
        <figure className="hist">
          <Histogram
            bins={c.histogram.bins}
            width={248}
            height={44}
            label={`Histogram of ${c.histogram.kind === 'length' ? 'lengths' : 'values'} in ${c.name}`}
          />
          <figcaption className="faint">
            {c.histogram.kind === 'length' ? 'Length distribution' : 'Value distribution'}
          </figcaption>
        </figure>
      )}
      {c.topValues.length > 0 && (
        <ol className="top-values" aria-label={`Most frequent values in ${c.name}`}>
          {c.topValues.slice(0, 5).map((t) => (
            <li key={t.value}>
              <span className="tv-bar" style={{ width: `${(t.count / topMax) * 100}%` }} aria-hidden="true" />
              <span className="tv-value mono" title={t.value}>
                {t.value === '' ? '(empty)' : t.value}
              </span>
              <span className="tv-count">{fmtInt(t.count)}</span>
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}
