// Column profiles and schema inference for the fake bridge, computed in memory over a small table.

import type { ColumnProfile, DatasetProfile, HistogramBin } from '../../core/contract/profile.js';
import type { TableSchema } from '../../core/contract/schema.js';
import { inferType } from './fake-types.js';

/** An imported table in the fake: column names and rows (null = field absent). */
export interface FakeTable {
  columns: string[];
  lines: number[];
  rows: (string | null)[][];
}

const isMissing = (v: string | null) => v === null || v === '';

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

function bins(
  values: number[],
  kind: 'value' | 'length',
): { kind: 'value' | 'length'; bins: HistogramBin[] } {
  if (values.length === 0) return { kind, bins: [] };
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const width = (max - min) / 20 || 1;
  const out: HistogramBin[] = Array.from({ length: 20 }, (_, i) => ({
    from: min + i * width,
    to: min + (i + 1) * width,
    count: 0,
  }));
  for (const v of values) out[Math.min(19, Math.floor((v - min) / width))]!.count++;
  return { kind, bins: out };
}

function profileColumn(name: string, values: (string | null)[]): ColumnProfile {
  const present = values.filter((v): v is string => !isMissing(v));
  const t = inferType(present);
  const counts = new Map<string, number>();
  for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
  const topValues = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([value, count]) => ({ value, count }));
  const numeric = t.type === 'integer' || t.type === 'number';
  const nums = numeric
    ? present
        .map(Number)
        .filter((n) => Number.isFinite(n))
        .sort((a, b) => a - b)
    : [];
  const sortedText = numeric ? [] : [...present].sort();
  const mean = nums.length ? nums.reduce((s, n) => s + n, 0) / nums.length : null;
  return {
    name,
    type: t.type,
    format: t.format,
    typeConfidence: t.confidence,
    rows: values.length,
    nulls: values.length - present.length,
    distinct: counts.size,
    distinctApproximate: false,
    min: numeric ? (nums[0] ?? null) : (sortedText[0] ?? null),
    max: numeric ? (nums.at(-1) ?? null) : (sortedText.at(-1) ?? null),
    mean,
    quantiles: nums.length
      ? {
          p05: quantile(nums, 0.05),
          p25: quantile(nums, 0.25),
          p50: quantile(nums, 0.5),
          p75: quantile(nums, 0.75),
          p95: quantile(nums, 0.95),
        }
      : null,
    topValues,
    histogram: numeric
      ? bins(nums, 'value')
      : bins(
          present.map((v) => v.length),
          'length',
        ),
  };
}

/** Profiles every column of a table. */
export function profileTable(t: FakeTable): DatasetProfile {
  const started = Date.now();
  const columns = t.columns.map((name, i) =>
    profileColumn(
      name,
      t.rows.map((r) => r[i] ?? null),
    ),
  );
  return { rows: t.rows.length, columns, durationMs: Date.now() - started };
}

/** Infers a Table Schema: each column's type and format; `required` where no value is missing. */
export function inferSchema(t: FakeTable): TableSchema {
  return {
    fields: t.columns.map((name, i) => {
      const values = t.rows.map((r) => r[i] ?? null);
      const present = values.filter((v): v is string => !isMissing(v));
      const { type, format } = inferType(present);
      return {
        name,
        type,
        ...(format ? { format } : {}),
        ...(present.length === values.length && values.length > 0 ? { constraints: { required: true } } : {}),
      };
    }),
    missingValues: [''],
  };
}
