// Column profile shapes, all computed in DuckDB.

import type { FieldType, StringFormat } from './schema.js';

/** One histogram bin: [from, to) except the last, which includes `to`. */
export interface HistogramBin {
  from: number | string;
  to: number | string;
  count: number;
}

/** Profile of one column. Figures are over non-missing values unless named otherwise. */
export interface ColumnProfile {
  name: string;
  type: FieldType;
  format?: StringFormat | string;
  /** Share (0..1) of non-missing values that conform to `type`. */
  typeConfidence: number;
  rows: number;
  /** Missing (NULL or empty) values. */
  nulls: number;
  distinct: number;
  /** True when `distinct` is an estimate (HyperLogLog, above 1M rows). */
  distinctApproximate: boolean;
  min: string | number | null;
  max: string | number | null;
  mean: number | null;
  /** 5%, 25%, 50%, 75%, 95% for numbers (and dates as ISO strings); null otherwise. */
  quantiles: {
    p05: number | string;
    p25: number | string;
    p50: number | string;
    p75: number | string;
    p95: number | string;
  } | null;
  topValues: { value: string; count: number }[];
  /** 20 bins: of values for numbers/dates, of lengths for strings. */
  histogram: { kind: 'value' | 'length'; bins: HistogramBin[] };
}

/** Profile of a whole dataset. */
export interface DatasetProfile {
  rows: number;
  columns: ColumnProfile[];
  durationMs: number;
}
