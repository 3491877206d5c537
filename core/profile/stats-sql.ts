// Aggregates for the per-column figures: missing, distinct, top-value candidates, text lengths, and — per
// family of typed values — min, max, mean and quantiles.

import type { SchemaField } from '../contract/schema.js';
import { typedSql } from '../types/conforms-sql.js';
import type { AggSpec } from './layout.js';
import type { Family } from './long-sql.js';

/** Quantile levels reported. */
export const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** A value typed for statistics: DOUBLE for integers and numbers (NaN/INF kept), else the typed value. */
export function statsValueSql(field: SchemaField, col: string): string {
  const t = typedSql(field, col) as string;
  return field.type === 'integer' || field.type === 'number' ? `CAST(${t} AS DOUBLE)` : t;
}

const present = (v: string) => `CASE WHEN ${v} <> '' THEN ${v} END`;

/** Aggregates every column gets: non-NULL and empty counts, distinct, top-value candidates, lengths, range. */
export function basicSpecs(exactDistinct: boolean): AggSpec[] {
  return [
    { alias: 'nn', sql: (s) => `count(${s.v})` },
    { alias: 'ne', sql: (s) => `count_if(${s.v} = '')` },
    {
      alias: 'dist',
      sql: (s) =>
        exactDistinct ? `count(DISTINCT ${present(s.v)})` : `approx_count_distinct(${present(s.v)})`,
    },
    { alias: 'top', sql: (s) => `approx_top_k(${present(s.v)}, 10)` },
    { alias: 'lmin', sql: (s) => `min(length(${present(s.v)}))` },
    { alias: 'lmax', sql: (s) => `max(length(${present(s.v)}))` },
    { alias: 'smin', sql: (s) => `min(${present(s.v)})` },
    { alias: 'smax', sql: (s) => `max(${present(s.v)})` },
  ];
}

/**
 * Aggregates over the typed values of family `f` (columns `names`): how many values have the type, their
 * min, max, mean (numbers) and quantiles (exact, or t-digest), and the range in epoch seconds (temporal).
 */
export function familySpecs(f: Family, names: readonly string[], exact: boolean): AggSpec[] {
  const numeric = f === 'n';
  const fin = (t: string) => (numeric ? ` FILTER (WHERE isfinite(${t}))` : '');
  const levels = `[${QUANTILES.join(', ')}]`;
  const q = (t: string) =>
    exact
      ? `${numeric ? 'quantile_cont' : 'quantile_disc'}(${t}, ${levels})`
      : `approx_quantile(${t}, ${levels})`;
  const spec = (alias: string, sql: (t: string) => string): AggSpec => ({
    alias: `${f}_${alias}`,
    names,
    sql: (s) => sql(s.t(f)),
  });
  const specs = [
    spec('count', (t) => `count(${t})`),
    spec('min', (t) => `min(${t})${fin(t)}`),
    spec('max', (t) => `max(${t})${fin(t)}`),
    spec('q', (t) => `${q(t)}${fin(t)}`),
  ];
  if (numeric) specs.push(spec('mean', (t) => `avg(${t})${fin(t)}`));
  // Numeric ends of the range for the histogram: seconds since the epoch for dates and times.
  else
    specs.push(
      spec('emin', (t) => `epoch(min(${t}))`),
      spec('emax', (t) => `epoch(max(${t}))`),
    );
  return specs;
}
