// DuckDB expressions that turn a workspace column (VARCHAR, exactly as written in the CSV) into the text
// PostgreSQL's COPY parses. Only Table Schema syntax PostgreSQL would not read is rewritten: missing values,
// group/decimal characters, non-bare numbers, custom boolean tokens, custom date/time patterns. Everything else
// goes as written: the validator has already checked it strictly, and DuckDB's TRY_CAST is lenient ('2.5' → 3)
// and would silently change invalid values that `includeInvalid` must hand to the database unchanged.

import type { SchemaField, TableSchema } from '../contract/schema.js';
import { quoteIdent, quoteLiteral } from '../sql/quote.js';
import type { SourceType } from './pg-types.js';

/** One column to send: its schema field, its workspace column, and how to read it. */
export interface SourceColumn {
  field: SchemaField;
  /** Column name in the workspace table. */
  source: string;
  kind: SourceType;
}

const DEFAULT_TRUE = ['true', 'True', 'TRUE', '1'];
const DEFAULT_FALSE = ['false', 'False', 'FALSE', '0'];

const list = (values: readonly string[]) => values.map(quoteLiteral).join(', ');

function isPattern(format: string | undefined): format is string {
  return !!format && format !== 'default' && format !== 'any';
}

function numberText(x: string, f: SchemaField, decimal: boolean): string {
  let e = x;
  if (typeof f.groupChar === 'string' && f.groupChar !== '')
    e = `replace(${e}, ${quoteLiteral(f.groupChar)}, '')`;
  if (decimal && typeof f.decimalChar === 'string' && f.decimalChar !== '.') {
    e = `replace(${e}, ${quoteLiteral(f.decimalChar)}, '.')`;
  }
  if (f.bareNumber === false) {
    // Strip currency signs, percent signs and words around the number ("$ 12.50", "15 %").
    e = decimal
      ? `regexp_replace(${e}, '^[^0-9+\\-.]+|[^0-9.]+$', '', 'g')`
      : `regexp_replace(${e}, '^[^0-9+\\-]+|[^0-9]+$', '', 'g')`;
  }
  return e;
}

/** The DuckDB expression giving the COPY text of one column (NULL for a missing value). */
export function valueExpr(col: SourceColumn, schema: TableSchema, target: { pgvector: boolean }): string {
  const c = quoteIdent(col.source);
  if (col.kind === 'embedding') {
    const [open, close] = target.pgvector ? ['[', ']'] : ['{', '}'];
    return `'${open}' || array_to_string(${c}, ',') || '${close}'`;
  }
  const missing = schema.missingValues ?? [''];
  const x = missing.length > 0 ? `(CASE WHEN ${c} IN (${list(missing)}) THEN NULL ELSE ${c} END)` : c;
  const f = col.field;
  switch (col.kind) {
    case 'integer':
      return numberText(x, f, false);
    case 'number':
      return numberText(x, f, true);
    case 'boolean': {
      const t = f.trueValues ?? DEFAULT_TRUE;
      const fv = f.falseValues ?? DEFAULT_FALSE;
      return `(CASE WHEN ${x} IN (${list(t)}) THEN 'true' WHEN ${x} IN (${list(fv)}) THEN 'false' ELSE ${x} END)`;
    }
    case 'date':
      return isPattern(f.format)
        ? `COALESCE(CAST(CAST(try_strptime(${x}, ${quoteLiteral(f.format)}) AS DATE) AS VARCHAR), ${x})`
        : x;
    case 'datetime':
      return isPattern(f.format)
        ? `COALESCE(CAST(try_strptime(${x}, ${quoteLiteral(f.format)}) AS VARCHAR), ${x})`
        : x;
    case 'time':
      return isPattern(f.format)
        ? `COALESCE(CAST(CAST(try_strptime(${x}, ${quoteLiteral(f.format)}) AS TIME) AS VARCHAR), ${x})`
        : x;
    case 'string':
      return x;
  }
}
