// Human and JSON output of `sluice sync`: the result's counts, the dry run's plan, the first rejects.

import type { SyncDryRun, SyncReject, SyncResult } from '../../core/contract/sync.js';
import { table } from '../output/table.js';

const n = (x: number) => x.toLocaleString('en-US');

/** The --json object of a finished sync (the first 20 rejects; all of them are in the findings). */
export function resultJson(r: SyncResult): Record<string, unknown> {
  return { ...r, rejects: r.rejects.slice(0, 20) };
}

function printRejects(rejects: SyncReject[], total: number): void {
  if (rejects.length === 0) return;
  const shown = rejects.slice(0, 10);
  console.log(`\nFirst rejected rows (${shown.length} of ${n(total)}; all are findings of rule 'sync'):`);
  console.log(
    table(
      ['line', 'column', 'value', 'sqlstate', 'message'],
      shown.map((x) => [x.line, x.column, x.value, x.sqlstate, x.message]),
      60,
    ),
  );
}

/** Prints a finished sync for a person. */
export function printResult(r: SyncResult): void {
  const what = r.alreadyDone
    ? `Already synced by ${r.syncId}: nothing was written.`
    : `${r.resumed ? 'Resumed and finished' : 'Synced'} ${r.syncId} into ${r.table} (${r.mode})`;
  console.log(what);
  console.log(
    table(
      ['rows', 'inserted', 'updated', 'unchanged', 'rejected', 'held back', 'batches', 'retries', 'rows/s'],
      [
        [
          r.rows,
          r.inserted,
          r.updated,
          r.unchanged,
          r.rejected,
          r.heldBack,
          r.batches,
          r.retries,
          r.rowsPerSec,
        ],
      ],
    ),
  );
  for (const c of r.schemaChanges) console.log(`schema: ${c}`);
  printRejects(r.rejects, r.rejected);
  if (r.heldBack > 0)
    console.log(
      `\n${n(r.heldBack)} rows with validation findings were held back (--include-invalid sends them).`,
    );
  console.log(`\nUndo it with: sluice sync rollback ${r.syncId}`);
}

/** Prints a dry run for a person. */
export function printDryRun(d: SyncDryRun): void {
  const p = d.plan;
  console.log(`Dry run into ${p.dbSchema}.${p.table} on ${d.target}: nothing was changed.`);
  console.log(
    table(
      ['field', 'column', 'type', 'action'],
      p.columns.map((c) => [c.field, c.column, c.pgType, c.action]),
    ),
  );
  for (const c of p.schemaChanges) console.log(`schema: ${c}`);
  for (const w of p.warnings) console.log(`warning: ${w}`);
  if (p.problems.length > 0) {
    console.log(`\n${p.problems.length} problem(s) stop this sync:`);
    for (const x of p.problems) console.log(`  - ${x.message}${x.hint ? ` ${x.hint}` : ''}`);
    return;
  }
  const c = d.counts;
  if (c)
    console.log(
      `\n${table(
        ['rows', 'would insert', 'would update', 'unchanged', 'would reject', 'held back'],
        [[d.rows, c.inserted, c.updated, c.unchanged, c.rejected, d.heldBack]],
      )}`,
    );
  printRejects(d.rejects, c?.rejected ?? 0);
}
