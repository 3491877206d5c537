// Dates and date-times written in one or several strftime formats, tried in order, rewritten as ISO 8601 (or
// `output`). Each format must match its strict regex (exact layout) and DuckDB's try_strptime (a real calendar
// date), the same double check validation uses, so a value is never half-parsed.

import type { DuckDBConnection } from '../../adapters/duckdb.js';
import type { Operation } from '../../contract/recipe.js';
import { quoteLiteral } from '../../sql/quote.js';
import { compileFormat, type CompiledFormat } from '../../types/strftime.js';
import type { CompileContext } from '../compile-types.js';
import { firstLine } from '../sql-expr.js';
import { trimSql } from '../sql-text.js';
import { invalidStep } from '../step-errors.js';
import type { ColumnRewrite } from './column-transform.js';

type ParseDateOp = Extract<Operation, { op: 'parseDate' }>;

/** The ISO output pattern for an input format: date, date-time, fractions, and `Z` for zoned input. */
export function isoOutputFor(f: CompiledFormat): string {
  if (!f.hasTime) return '%Y-%m-%d';
  const frac = f.components.includes('f') ? '.%f' : '';
  const zone = f.components.includes('z') || f.components.includes('Z') ? 'Z' : '';
  return `${f.hasDate ? '%Y-%m-%dT' : ''}%H:%M:%S${frac}${zone}`;
}

/** SQL: the value parsed with one format and written with `output` (NULL when it does not parse). */
export function parseWithFormatSql(
  v: string,
  f: CompiledFormat,
  output: string,
): { ok: string; value: string } {
  const parsed = `try_strptime(${v}, ${quoteLiteral(f.pattern)})`;
  const zoned = f.components.includes('z') || f.components.includes('Z');
  // Zoned input is converted to UTC, so the output's `Z` is true.
  const ts = zoned ? `(${parsed} AT TIME ZONE 'UTC')` : parsed;
  return {
    ok: `(regexp_full_match(${v}, ${quoteLiteral(f.regex)}) AND ${parsed} IS NOT NULL)`,
    value: `strftime(${ts}, ${quoteLiteral(output)})`,
  };
}

/** Compiles the formats, failing with the step's name on an unsupported directive. */
export function compileFormats(ctx: CompileContext, formats: readonly string[]): CompiledFormat[] {
  if (formats.length === 0) throw invalidStep(ctx, 'list at least one date format.');
  return formats.map((f) => {
    try {
      return compileFormat(f);
    } catch (e) {
      throw invalidStep(ctx, (e as Error).message, 'Use strftime directives such as %Y-%m-%d or %d/%m/%Y.');
    }
  });
}

/** The value rewrite of a parseDate operation. */
export async function parseDateRewrite(
  conn: DuckDBConnection,
  ctx: CompileContext,
  op: ParseDateOp,
): Promise<ColumnRewrite> {
  const formats = compileFormats(ctx, op.formats);
  if (op.output !== undefined) {
    try {
      await conn.run(`SELECT strftime(TIMESTAMP '2000-01-02 03:04:05', $1)`, [op.output]);
    } catch (e) {
      throw invalidStep(ctx, `invalid output format '${op.output}': ${firstLine(e)}`);
    }
  }
  const outputs = formats.map((f) => op.output ?? isoOutputFor(f));
  const zoned = (f: CompiledFormat) => f.components.includes('z') || f.components.includes('Z');
  return {
    textOnly: true,
    // One helper per format: the parsed timestamp, or NULL when the layout or the calendar rejects the value.
    helpers: (x) =>
      formats.map((f) => {
        const p = parseWithFormatSql(trimSql(x), f, '');
        const parsed = `try_strptime(${trimSql(x)}, ${quoteLiteral(f.pattern)})`;
        return `CASE WHEN ${p.ok} THEN ${zoned(f) ? `(${parsed} AT TIME ZONE 'UTC')` : parsed} END`;
      }),
    expr(x, _col, parsed) {
      const whens = parsed.map(
        (h, i) => `WHEN ${h} IS NOT NULL THEN strftime(${h}, ${quoteLiteral(outputs[i] ?? '')})`,
      );
      return `CASE WHEN ${x} IS NULL THEN NULL ${whens.join(' ')} ELSE ${op.onError === 'null' ? 'NULL' : x} END`;
    },
  };
}
