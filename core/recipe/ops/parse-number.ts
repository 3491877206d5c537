// Localized numbers to plain decimal text. Separators are strict — group separators only between groups of
// three digits — so `1.5` is never read as fifteen under a `.` group separator; what does not parse is kept
// (or made missing), never guessed.

import type { Operation } from '../../contract/recipe.js';
import { quoteLiteral } from '../../sql/quote.js';
import type { CompileContext } from '../compile-types.js';
import { WHITESPACE_CLASS } from '../sql-text.js';
import { invalidStep } from '../step-errors.js';
import type { ColumnRewrite } from './column-transform.js';
import { escapeRegex } from './text-ops.js';

type ParseNumberOp = Extract<Operation, { op: 'parseNumber' }>;

/** Currency signs and ISO codes removed before parsing. */
const CURRENCY_RE =
  '[$€£¥₹¢₽₩₺₪฿₫₴₦]|\\b(?:EUR|USD|GBP|CHF|JPY|CNY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|INR|BRL|MXN|ZAR)\\b';

/** Placeholder a space group separator becomes (between two digits) before other spaces are removed. */
const SPACE_GROUP = '\u001f';

/** The value rewrite of a parseNumber operation. */
export function parseNumberRewrite(ctx: CompileContext, op: ParseNumberOp): ColumnRewrite {
  if (op.decimal !== '.' && op.decimal !== ',') throw invalidStep(ctx, `decimal must be '.' or ','.`);
  if (!['', ',', '.', ' ', "'"].includes(op.group))
    throw invalidStep(ctx, `unsupported group separator '${op.group}'.`);
  if (op.group === op.decimal) throw invalidStep(ctx, 'the group and decimal separators must differ.');
  const percent = op.percent !== 'keep';
  const fallback = (x: string) => (op.onError === 'null' ? 'NULL' : x);

  return {
    textOnly: true,
    helpers(x) {
      // Few passes: each regex over a million values costs; whitespace, currency and % go in one.
      let s = x;
      if (op.group === "'") s = `replace(${s}, '’', '''')`;
      if (op.group === ' ')
        s = `regexp_replace(${s}, '([0-9])${WHITESPACE_CLASS}([0-9])', '\\1${SPACE_GROUP}\\2', 'g')`;
      const strip = `${CURRENCY_RE}|${WHITESPACE_CLASS}${percent ? '|%' : ''}`;
      s = `regexp_replace(${s}, ${quoteLiteral(strip)}, '', 'g')`;
      const g = op.group === ' ' ? SPACE_GROUP : op.group;
      const int = g === '' ? '[0-9]+' : `[0-9]{1,3}(?:${escapeRegex(g)}[0-9]{3})+|[0-9]+`;
      const re = `^(\\()?([-+\u2212])?(${int})?(?:${escapeRegex(op.decimal)}([0-9]+))?(-)?(\\))?$`;
      return [`regexp_extract(${s}, ${quoteLiteral(re)}, ['open', 'sign', 'int', 'frac', 'tsign', 'close'])`];
    },
    expr(x, _col, [M = '']) {
      const g = op.group === ' ' ? SPACE_GROUP : op.group;
      const digits = g === '' ? `${M}.int` : `replace(${M}.int, ${quoteLiteral(g)}, '')`;
      const negative = `(${M}.sign IN ('-', '\u2212') OR ${M}.tsign = '-' OR ${M}.open = '(')`;
      const markers = `((${M}.sign <> '')::INT + (${M}.tsign <> '')::INT + (${M}.open <> '')::INT)`;
      const ok = `(${M}.int <> '' OR ${M}.frac <> '') AND (${M}.open = '') = (${M}.close = '') AND ${markers} <= 1`;
      const plainInt = `coalesce(nullif(ltrim(${digits}, '0'), ''), '0')`;
      const plain = `${plainInt} || CASE WHEN ${M}.frac = '' THEN '' ELSE '.' || ${M}.frac END`;
      // Percent: move the decimal point two places left on the digits, so 33.3 % is exactly 0.333.
      const padded = `lpad(${digits}, greatest(length(${digits}), 3)::INTEGER, '0')`;
      const pInt = `coalesce(nullif(ltrim(left(${padded}, length(${padded}) - 2), '0'), ''), '0')`;
      const pFrac = `rtrim(right(${padded}, 2) || ${M}.frac, '0')`;
      const pct = `${pInt} || CASE WHEN ${pFrac} = '' THEN '' ELSE '.' || ${pFrac} END`;
      const body = percent ? `CASE WHEN contains(${x}, '%') THEN ${pct} ELSE ${plain} END` : plain;
      const signed = `CASE WHEN ${negative} THEN '-' ELSE '' END || ${body}`;
      return `CASE WHEN ${x} IS NULL THEN NULL WHEN ${ok} THEN ${signed} ELSE ${fallback(x)} END`;
    },
  };
}
