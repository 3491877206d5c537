// Errors that name the step they come from, so a failed replay says which step and which column.

import { AppError } from '../contract/errors.js';
import type { ColumnShape, CompileContext } from './compile-types.js';

/** "Step 3 (parseDate)" — 1-based for people. */
export function stepLabel(ctx: Pick<CompileContext, 'step'>): string {
  return `Step ${ctx.step.index + 1} (${ctx.step.op})`;
}

/** RECIPE_INVALID naming the step. */
export function invalidStep(ctx: Pick<CompileContext, 'step'>, message: string, hint?: string): AppError {
  return new AppError('RECIPE_INVALID', `${stepLabel(ctx)}: ${message}`, {
    step: ctx.step.index,
    stepId: ctx.step.id,
    op: ctx.step.op,
    ...(hint ? { hint } : {}),
  });
}

/** The input column named `name` (DuckDB compares names case-insensitively), or RECIPE_COLUMN_MISSING. */
export function resolveColumn(ctx: Pick<CompileContext, 'step' | 'columns'>, name: string): ColumnShape {
  const lower = name.toLowerCase();
  const found =
    ctx.columns.find((c) => c.name === name) ?? ctx.columns.find((c) => c.name.toLowerCase() === lower);
  if (found) return found;
  throw new AppError(
    'RECIPE_COLUMN_MISSING',
    `${stepLabel(ctx)} needs column '${name}', which the data does not have.`,
    {
      column: name,
      step: ctx.step.index,
      stepId: ctx.step.id,
      op: ctx.step.op,
      available: ctx.columns.map((c) => c.name),
      hint: 'Rename the column in the file, or edit or disable the step.',
    },
  );
}

/** Fails when `name` is taken (case-insensitively) by a column other than `except`. */
export function assertFreeName(
  ctx: Pick<CompileContext, 'step' | 'columns'>,
  name: string,
  except?: string,
): void {
  if (name.trim() === '') throw invalidStep(ctx, 'a column name cannot be empty.');
  if (name.toLowerCase() === '__line' || name.toLowerCase().startsWith('__sluice_'))
    throw invalidStep(ctx, `'${name}' is a reserved column name.`);
  const lower = name.toLowerCase();
  const clash = ctx.columns.find((c) => c.name.toLowerCase() === lower && c.name !== except);
  if (clash) throw invalidStep(ctx, `a column named '${clash.name}' already exists.`, 'Choose another name.');
}

/** Fails unless the column holds text: text operations do not silently turn numbers back into strings. */
export function assertText(ctx: Pick<CompileContext, 'step'>, col: ColumnShape): void {
  if (col.type !== 'VARCHAR')
    throw invalidStep(
      ctx,
      `column '${col.name}' is ${col.type}, not text.`,
      'Apply text operations before casting the column.',
    );
}
