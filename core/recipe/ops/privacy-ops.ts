// Privacy operations for data leaving the machine: salted hash, partial mask, redact, coarser dates.
// The salt comes from the caller at apply time and is never written into the recipe or the stage records.

import { AppError } from '../../contract/errors.js';
import type { Operation } from '../../contract/recipe.js';
import { quoteLiteral } from '../../sql/quote.js';
import type { CompileContext } from '../compile-types.js';
import { literalOrNull, trimSql } from '../sql-text.js';
import { invalidStep } from '../step-errors.js';
import type { ColumnRewrite } from './column-transform.js';
import { missingSql } from './fill-ops.js';

type PrivacyOp = Extract<Operation, { op: 'hash' | 'mask' | 'redact' | 'generaliseDate' }>;

/** Separates salt and value, so salt 'ab' + value 'c' differs from salt 'a' + value 'bc'. */
const SALT_SEPARATOR = '\u001f';

/** The value rewrite of a privacy operation. */
export function privacyRewrite(ctx: CompileContext, op: PrivacyOp): ColumnRewrite {
  switch (op.op) {
    case 'hash': {
      const salt = ctx.secrets[op.secret];
      if (salt === undefined || salt === '')
        throw new AppError(
          'BAD_USAGE',
          `Step ${ctx.step.index + 1} (hash) needs the secret '${op.secret}'.`,
          {
            step: ctx.step.index,
            stepId: ctx.step.id,
            hint: `Pass the secret '${op.secret}' when applying the recipe; it is never stored with it.`,
          },
        );
      const prefix = quoteLiteral(salt + SALT_SEPARATOR);
      return {
        type: () => 'VARCHAR',
        expr: (x, col) =>
          col.type === 'VARCHAR'
            ? `CASE WHEN ${missingSql(x, col)} THEN ${x} ELSE sha256(${prefix} || ${x}) END`
            : `sha256(${prefix} || CAST(${x} AS VARCHAR))`,
      };
    }
    case 'mask': {
      const first = op.keepFirst ?? 0;
      const last = op.keepLast ?? 4;
      const ch = op.maskChar ?? '*';
      const ints = [first, last, ...(op.maskLength === undefined ? [] : [op.maskLength])];
      if (!ints.every((n) => Number.isInteger(n) && n >= 0 && n <= 1000))
        throw invalidStep(ctx, 'keepFirst, keepLast and maskLength must be whole numbers from 0.');
      if ([...ch].length !== 1) throw invalidStep(ctx, 'maskChar must be one character.');
      const c = quoteLiteral(ch);
      const n = (len: string) => (op.maskLength === undefined ? len : String(op.maskLength));
      return {
        textOnly: true,
        expr: (x) =>
          `CASE WHEN ${missingSql(x, { name: '', type: 'VARCHAR' })} THEN ${x} ` +
          // A value no longer than what would be kept is masked whole: showing it all would reveal it.
          `WHEN length(${x}) <= ${first + last} THEN repeat(${c}, ${n(`length(${x})`)}) ` +
          `ELSE left(${x}, ${first}) || repeat(${c}, ${n(`length(${x}) - ${first + last}`)}) || right(${x}, ${last}) END`,
      };
    }
    case 'redact': {
      const rep = literalOrNull(op.replacement === undefined ? '[REDACTED]' : op.replacement);
      return {
        textOnly: true,
        expr: (x) => `CASE WHEN ${missingSql(x, { name: '', type: 'VARCHAR' })} THEN ${x} ELSE ${rep} END`,
      };
    }
    case 'generaliseDate': {
      if (op.to !== 'month' && op.to !== 'year') throw invalidStep(ctx, `generalise to 'month' or 'year'.`);
      const fmt = op.to === 'month' ? '%Y-%m' : '%Y';
      return {
        type: () => 'VARCHAR',
        expr(x, col) {
          if (col.type === 'DATE' || col.type.startsWith('TIMESTAMP')) return `strftime(${x}, '${fmt}')`;
          const v = trimSql(x);
          // Unparseable text becomes missing: a privacy step must not let a value through unchanged.
          const m = `regexp_extract(${v}, '^([0-9]{4})-(0[1-9]|1[0-2])(?:-[0-9]{2}(?:[T ].*)?)?$', ['y', 'm'])`;
          return op.to === 'month'
            ? `nullif(concat_ws('-', nullif(${m}.y, ''), nullif(${m}.m, '')), '')`
            : `nullif(${m}.y, '')`;
        },
      };
    }
  }
}
