// sluice validate FILE --schema SCHEMA.json: every row against the schema; exit 1 when anything is wrong.

import { resolve } from 'node:path';
import type { FindingsSummary } from '../../core/contract/validation.js';
import { OPEN_OPTIONS, OPEN_OPTIONS_HELP, onePath, overridesFrom, parse } from '../args.js';
import { call, withEngine } from '../host.js';
import { table } from '../output/table.js';
import { openAndImport } from './open-dataset.js';
import { readSchemaArg, requireSchemaOption, setSchemaArg } from './schema-arg.js';

export const VALIDATE_HELP = `Usage: sluice validate FILE --schema SCHEMA.json [--findings out.csv] [options]

Imports FILE (once), checks every row against the Table Schema (types and constraints) and prints the
findings per column and rule. Exit code: 0 no findings and no rejected lines, 1 some, 2 bad usage or
unreadable input.

Options:
  --schema PATH        Frictionless Table Schema (JSON); required
  --findings PATH      also write every finding (line, column, rule, value, message) to a CSV file
${OPEN_OPTIONS_HELP}
  (--json prints {"rows", "rejectedLines", "findings": {"total", "rowsWithFindings", "byColumn"}})`;

/** Runs `sluice validate`. */
export async function validateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...OPEN_OPTIONS,
    schema: { type: 'string' },
    findings: { type: 'string' },
  });
  if (values.help) return (void console.log(VALIDATE_HELP), 0);
  const path = onePath(positionals);
  const schemaOption = requireSchemaOption(values.schema);
  const schemaArg = await readSchemaArg(schemaOption);
  return withEngine(async (engine) => {
    const { info } = await openAndImport(engine, path, {
      project: values.project,
      overrides: overridesFrom(values),
      reimport: values.reimport,
    });
    const datasetId = info.datasetId;
    await setSchemaArg(engine, datasetId, schemaArg);
    const result = await call(engine, 'validation.run', { datasetId });
    if (values.findings) await call(engine, 'findings.export', { datasetId, path: resolve(values.findings) });
    if (values.json) {
      const { rows, rejectedLines, durationMs, ...findings } = result;
      console.log(JSON.stringify({ file: info.source.path, rows, rejectedLines, durationMs, findings }));
    } else {
      printSummary(result);
      const first = await call(engine, 'findings.page', { datasetId, offset: 0, limit: 20 });
      if (first.total > 0) {
        console.log(`\nFirst findings (${first.findings.length} of ${first.total.toLocaleString('en-US')}):`);
        console.log(
          table(
            ['line', 'column', 'rule', 'value', 'message'],
            first.findings.map((f) => [f.line, f.column, f.rule, f.value, f.message]),
            50,
          ),
        );
      }
      if (values.findings) console.log(`\nAll findings written to ${values.findings}`);
    }
    return result.total > 0 || result.rejectedLines > 0 ? 1 : 0;
  });
}

function printSummary(s: FindingsSummary): void {
  console.log(
    `${s.rows.toLocaleString('en-US')} rows checked, ${s.rejectedLines.toLocaleString('en-US')} lines rejected at import, ` +
      `${s.total.toLocaleString('en-US')} findings in ${s.rowsWithFindings.toLocaleString('en-US')} rows`,
  );
  const rows = Object.entries(s.byColumn).flatMap(([column, rules]) =>
    Object.entries(rules).map(([rule, n]) => [column, rule, n ?? 0] as [string, string, number]),
  );
  if (rows.length) console.log(`\n${table(['column', 'rule', 'findings'], rows)}`);
}
