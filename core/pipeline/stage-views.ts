// Names a phase's SQL can use, bound as TEMP views on the runner's connection (they vanish with it and
// shadow nothing persistent): `stage` = the phase's input, `stage_<phase>` = each earlier phase's output,
// `findings` = the findings of the latest validate phase.

import type { DuckDBConnection } from '../adapters/duckdb.js';
import { quoteIdent } from '../sql/quote.js';

/** What earlier phases produced, by phase name. */
export interface StageInfo {
  stage?: string;
  /** The findings table of a validate phase. */
  findings?: string;
}

const tempView = (name: string, target: string | undefined) =>
  target
    ? `CREATE OR REPLACE TEMP VIEW ${quoteIdent(name)} AS SELECT * FROM ${quoteIdent(target)}`
    : `DROP VIEW IF EXISTS temp.main.${quoteIdent(name)}`;

/** Binds the views for a phase whose input is `input`. */
export async function bindStageViews(
  c: DuckDBConnection,
  input: string | undefined,
  earlier: Map<string, StageInfo>,
): Promise<void> {
  await c.run(tempView('stage', input));
  let findings: string | undefined;
  for (const [phase, info] of earlier) {
    if (info.stage) await c.run(tempView(`stage_${phase}`, info.stage));
    if (info.findings) findings = info.findings;
  }
  await c.run(tempView('findings', findings));
}
