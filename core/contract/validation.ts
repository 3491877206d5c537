// Validation findings: one row per (line, column, rule) that failed.

/** Rule names: `type` plus the Table Schema constraint names, `sync` for rows the database rejected. */
export type RuleName =
  | 'type'
  | 'required'
  | 'unique'
  | 'minimum'
  | 'maximum'
  | 'minLength'
  | 'maxLength'
  | 'pattern'
  | 'enum'
  | 'primaryKey'
  | 'sync';

/** One finding. */
export interface Finding {
  line: number;
  column: string;
  rule: RuleName;
  value: string | null;
  message: string;
}

/** Counts per column and rule. */
export interface FindingsSummary {
  rows: number;
  rejectedLines: number;
  total: number;
  /** Distinct lines with at least one finding. */
  rowsWithFindings: number;
  byColumn: Record<string, Partial<Record<RuleName, number>>>;
}

/** A page of findings, filtered by column and/or rule, ordered by line. */
export interface FindingsPage {
  findings: Finding[];
  offset: number;
  total: number;
}

/** What a validation run returns. */
export interface ValidationResult extends FindingsSummary {
  durationMs: number;
}
