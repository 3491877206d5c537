// sluice inspect FILE: encoding, dialect, counts, rejects and a per-column profile.

import type { ColumnProfile } from '../../core/contract/profile.js';
import { OPEN_OPTIONS, OPEN_OPTIONS_HELP, onePath, overridesFrom, parse } from '../args.js';
import { call, withEngine } from '../host.js';
import { table } from '../output/table.js';
import { openAndImport } from './open-dataset.js';

export const INSPECT_HELP = `Usage: sluice inspect FILE [options]

Detects the encoding and dialect, imports the file into its project (once; reopening is instant),
and prints row and reject counts and a profile of every column.

Options:
${OPEN_OPTIONS_HELP}`;

const DELIM_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** Runs `sluice inspect`. */
export async function inspectCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPEN_OPTIONS);
  if (values.help) return (void console.log(INSPECT_HELP), 0);
  const path = onePath(positionals);
  const overrides = overridesFrom(values);
  return withEngine(async (engine) => {
    const { info, summary } = await openAndImport(engine, path, {
      project: values.project,
      overrides,
      reimport: values.reimport,
    });
    const profile = await call(engine, 'profile.get', { datasetId: info.datasetId });
    const rejects = await call(engine, 'datasets.rejects', {
      datasetId: info.datasetId,
      offset: 0,
      limit: 20,
    });
    const d = info.detection;
    if (values.json) {
      console.log(
        JSON.stringify({
          file: info.source.path,
          project: info.projectDir,
          encoding: d.encoding,
          encodingConfidence: d.encodingConfidence,
          bom: d.bom,
          delimiter: d.dialect.delimiter,
          quote: d.dialect.quote,
          escape: d.dialect.escape,
          header: d.dialect.header,
          lineEnding: d.dialect.lineEnding,
          dialectConfidence: d.dialectConfidence,
          rows: summary.rowsImported,
          rejectedLines: summary.linesRejected,
          dataRecords: summary.dataRecords,
          blankLines: summary.blankLines,
          renamedColumns: summary.renamedColumns,
          columns: profile.columns,
          rejects: rejects.rejects,
        }),
      );
      return 0;
    }
    const pct = (x: number) => `${Math.round(x * 100)}%`;
    console.log(`File        ${info.source.path}`);
    console.log(`Encoding    ${d.encoding}${d.bom ? ' (BOM)' : ''}  confidence ${pct(d.encodingConfidence)}`);
    console.log(
      `Dialect     ${DELIM_NAMES[d.dialect.delimiter]}-separated, quote ${d.dialect.quote ?? 'none'}, ` +
        `${d.dialect.header ? 'header' : 'no header'}, ${d.dialect.lineEnding} line endings  confidence ${pct(d.dialectConfidence)}`,
    );
    console.log(
      `Rows        ${summary.rowsImported.toLocaleString('en-US')} imported, ${summary.linesRejected.toLocaleString('en-US')} rejected` +
        ` (of ${summary.dataRecords.toLocaleString('en-US')} data records${summary.blankLines ? `, ${summary.blankLines} blank lines skipped` : ''})`,
    );
    for (const r of summary.renamedColumns)
      console.log(`Renamed     column ${r.index + 1} '${r.from}' → '${r.to}'`);
    console.log('');
    console.log(
      table(
        ['column', 'type', 'nulls', 'distinct', 'min', 'max', 'top value'],
        profile.columns.map(columnRow),
        24,
      ),
    );
    if (rejects.total > 0) {
      console.log(
        `\nRejected lines (${rejects.total}${rejects.total > rejects.rejects.length ? `, first ${rejects.rejects.length}` : ''}):`,
      );
      console.log(
        table(
          ['line', 'reason', 'text'],
          rejects.rejects.map((r) => [r.line, r.reason, r.raw]),
          60,
        ),
      );
    }
    return 0;
  });
}

function columnRow(c: ColumnProfile): (string | number | null)[] {
  const top = c.topValues[0];
  return [
    c.name,
    c.format && c.format !== 'default' ? `${c.type} (${c.format})` : c.type,
    c.nulls,
    c.distinctApproximate ? `~${c.distinct.toLocaleString('en-US')}` : c.distinct,
    c.min === null ? null : String(c.min),
    c.max === null ? null : String(c.max),
    top ? `${top.value} (${top.count})` : null,
  ];
}
