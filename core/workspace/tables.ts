// Names of the tables a dataset owns in its project's DuckDB workspace. One place, so the importer, the
// profiler, the validator, the fixer and the sync all agree.
//
// <id>__source   : __line BIGINT (1-based source line where the record starts) + one VARCHAR per column,
//                  values exactly as written (an unquoted empty field is NULL, a quoted "" is '').
// <id>__rejects  : line BIGINT, reason VARCHAR, message VARCHAR, raw VARCHAR
// <id>__findings : line BIGINT, "column" VARCHAR, rule VARCHAR, value VARCHAR, message VARCHAR

import { quoteIdent } from '../sql/quote.js';

/** Column holding the source line number in every dataset table. */
export const LINE_COLUMN = '__line';

/** Quoted table names for a dataset id. */
export function datasetTables(datasetId: string) {
  if (!/^[a-z0-9_]+$/.test(datasetId)) throw new Error(`invalid dataset id ${datasetId}`);
  return {
    source: quoteIdent(`${datasetId}__source`),
    rejects: quoteIdent(`${datasetId}__rejects`),
    findings: quoteIdent(`${datasetId}__findings`),
  };
}
