// Building the compile context of a step: the input table's columns, where the findings are, the secrets.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import type { RecipeStep } from '../contract/recipe.js';
import { quoteIdent } from '../sql/quote.js';
import { datasetTables } from '../workspace/tables.js';
import { RESERVED_PREFIX, type ColumnShape, type CompileContext } from './compile-types.js';
import { invalidStep } from './step-errors.js';
import { tableColumns, tableExists } from './stage-store.js';

/** What stays the same for every step of one application of a recipe. */
export interface RecipeEnv {
  findings: string;
  hasFindings: boolean;
  secrets: Readonly<Record<string, string>>;
}

/** The environment of a dataset: its findings table (if validated) and the secrets given. */
export async function recipeEnv(
  conn: DuckDBConnection,
  datasetId: string,
  secrets: Readonly<Record<string, string>> = {},
): Promise<RecipeEnv> {
  const findings = `${datasetId}__findings`;
  datasetTables(datasetId); // validates the id
  return { findings: quoteIdent(findings), hasFindings: await tableExists(conn, findings), secrets };
}

/** The context for compiling `step` (at `index`) over the table `input` (unquoted). */
export async function stepContext(
  conn: DuckDBConnection,
  env: RecipeEnv,
  input: string,
  step: RecipeStep,
  index: number,
  opts: { temporary?: boolean; columns?: ColumnShape[] } = {},
): Promise<CompileContext> {
  const columns = opts.columns ?? (await tableColumns(conn, input, opts.temporary));
  const ctx: CompileContext = {
    input: quoteIdent(input),
    columns,
    findings: env.findings,
    hasFindings: env.hasFindings,
    secrets: env.secrets,
    step: { index, id: step.id, op: step.op.op },
  };
  const reserved = columns.find((c) => c.name.toLowerCase().startsWith(RESERVED_PREFIX));
  if (reserved)
    throw invalidStep(ctx, `column '${reserved.name}' uses the reserved prefix ${RESERVED_PREFIX}.`);
  return ctx;
}
