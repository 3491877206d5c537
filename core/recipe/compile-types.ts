// Shapes shared by the operation compilers: what a compiler knows about its input and what it returns.

import type { Operation } from '../contract/recipe.js';

/** A column of a stage: its name and DuckDB type. */
export interface ColumnShape {
  name: string;
  type: string;
}

/** What a compiler may use: the input table and its columns, where findings are, and the secrets. */
export interface CompileContext {
  /** Quoted input table name. */
  input: string;
  /** Input columns in order, without `__line`. */
  columns: ColumnShape[];
  /** Quoted findings table name. */
  findings: string;
  /** True when the findings table exists (finding conditions need it). */
  hasFindings: boolean;
  /** Secrets by name (salts for hashing); never written anywhere. */
  secrets: Readonly<Record<string, string>>;
  /** The step being compiled, for error messages. */
  step: { index: number; id: string; op: Operation['op'] };
}

/** One operation compiled to a single SELECT over the input table. */
export interface CompiledOp {
  /** `SELECT … FROM <input> …` producing `__line` plus the output columns (and `__sluice_changed` if flagged). */
  sql: string;
  /** Output columns in order, without `__line`. */
  columns: ColumnShape[];
  /**
   * How rows changed are counted: 'flag' = the SELECT has a boolean `__sluice_changed` column; 'removed' =
   * rows in minus rows out; 'none' = 0 (structure only).
   */
  changed: 'flag' | 'removed' | 'none';
}

/** Name of the per-row change flag a compiled SELECT may carry. */
export const CHANGED_FLAG = '__sluice_changed';

/** Prefix reserved for helper columns inside compiled SQL; user columns may not start with it. */
export const RESERVED_PREFIX = '__sluice_';
