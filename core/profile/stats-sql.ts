// Aggregate SQL (over the long form) for the per-column figures: missing, distinct, top-value candidates, text
// lengths, and — per family of typed values — min, max, mean and quantiles.

import type { SchemaField } from '../contract/schema.js';
import { typedSql } from '../types/conforms-sql.js';
import type { Family } from './long-sql.js';

/** Quantile levels reported. */
export const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

/** A value typed for statistics: DOUBLE for integers and numbers (NaN/INF kept), else the typed value. */
export function statsValueSql(field: SchemaField, col: string): string {
  const t = typedSql(field, col) as string;
  return field.type === 'integer' || field.type === 'number' ? `CAST(${t} AS DOUBLE)` : t;
}

/** Items every column gets: non-NULL and empty counts, distinct, top-value candidates, lengths, text range. */
export function basicItems(exactDistinct: boolean): string[] {
  const v = `CASE WHEN v <> '' THEN v END`;
  return [
    'count(v) AS nn',
    `count_if(v = '') AS ne`,
    exactDistinct ? `count(DISTINCT ${v}) AS dist` : `approx_count_distinct(${v}) AS dist`,
    `approx_top_k(${v}, 10) AS top`,
    `min(length(${v})) AS lmin`,
    `max(length(${v})) AS lmax`,
    `min(${v}) AS smin`,
    `max(${v}) AS smax`,
  ];
}

/**
 * Items over the typed column `t_<f>`: how many values have the type, their min, max, mean (numbers) and
 * quantiles (exact up to the exact-figures limit, t-digest above), and the range in epoch seconds (temporal).
 */
export function familyItems(f: Family, exact: boolean): string[] {
  const t = `t_${f}`;
  const numeric = f === 'n';
  const fin = numeric ? ` FILTER (WHERE isfinite(${t}))` : '';
  const levels = `[${QUANTILES.join(', ')}]`;
  const q = exact
    ? `${numeric ? 'quantile_cont' : 'quantile_disc'}(${t}, ${levels})`
    : `approx_quantile(${t}, ${levels})`;
  return [
    `count(${t}) AS ${f}_count`,
    `min(${t})${fin} AS ${f}_min`,
    `max(${t})${fin} AS ${f}_max`,
    numeric ? `avg(${t})${fin} AS ${f}_mean` : `NULL AS ${f}_mean`,
    `${q}${fin} AS ${f}_q`,
    numeric ? `NULL AS ${f}_emin` : `epoch(min(${t})) AS ${f}_emin`,
    numeric ? `NULL AS ${f}_emax` : `epoch(max(${t})) AS ${f}_emax`,
  ];
}
