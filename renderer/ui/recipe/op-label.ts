// One line saying what an operation does, for the recipe history.

import type { Operation } from '../../../core/contract/recipe.js';

const cols = (c: string[]) => c.join(', ');
const quote = (v: string | null) => (v === null ? 'empty' : `“${v}”`);

/** A short human description of an operation. */
export function opLabel(op: Operation): string {
  switch (op.op) {
    case 'editCell':
      return `Edit ${op.column} on line ${op.line} to ${quote(op.value)}`;
    case 'changeCase':
      return `${op.case} case ${cols(op.columns)}`;
    case 'replace':
      return `Replace ${quote(op.find)} with ${quote(op.replacement)} in ${cols(op.columns)}`;
    case 'parseDate':
      return `Parse dates in ${cols(op.columns)} (${op.formats.join(' | ')})`;
    case 'parseNumber':
      return `Parse numbers in ${cols(op.columns)} (decimal “${op.decimal}”)`;
    case 'cast':
      return `Cast ${cols(op.columns)} to ${op.to}`;
    case 'fillDefault':
      return `Fill empty ${cols(op.columns)} with ${quote(op.value)}`;
    case 'mapValues':
      return `Map ${op.mapping.length} values of ${cols(op.columns)}`;
    case 'rename':
      return `Rename ${op.column} to ${op.to}`;
    case 'split':
      return `Split ${op.column} into ${cols(op.into)}`;
    case 'merge':
      return `Merge ${cols(op.columns)} into ${op.into}`;
    case 'derive':
      return `Derive ${op.name} = ${op.expr}`;
    case 'filterRows':
      return `${op.mode === 'keep' ? 'Keep' : 'Drop'} rows where ${op.where.kind}`;
    case 'dropRowsWithFindings':
      return `Drop rows with findings${op.column ? ` of ${op.column}` : ''}${op.rule ? ` (${op.rule})` : ''}`;
    case 'dedupe':
      return `Dedupe on ${cols(op.keys)} (keep ${op.keep})`;
    default:
      return 'columns' in op && Array.isArray(op.columns) ? `${op.op} ${cols(op.columns)}` : op.op;
  }
}
