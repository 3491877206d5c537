// sluice sync rollback SYNC_ID and sluice sync list: the history a database keeps of its syncs.

import { AppError } from '../../core/contract/errors.js';
import { onePath, parse, positiveInt } from '../args.js';
import { call, withEngine } from '../host.js';
import { table } from '../output/table.js';

const OPTIONS = {
  to: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = {
  rollback: `Usage: sluice sync rollback SYNC_ID [--to URL_OR_NAME] [--json]

Returns the target table to exactly what it was before the sync: inserted rows deleted, updated rows
restored from their before-images, added columns dropped, a created table dropped, a replaced table
swapped back. One transaction. --to defaults to $DATABASE_URL, else the local sandbox.`,
  list: `Usage: sluice sync list [--to URL_OR_NAME] [--limit N] [--json]

The syncs the database has seen, newest first. --to defaults to $DATABASE_URL, else the local sandbox.`,
};

/** Runs `sluice sync rollback` or `sluice sync list`. */
export async function syncHistoryCommand(sub: 'rollback' | 'list', argv: string[]): Promise<number> {
  const { values: v, positionals } = parse(argv, OPTIONS);
  if (v.help) return (void console.log(HELP[sub]), 0);
  const to = v.to ? { to: v.to } : {};
  if (sub === 'rollback') {
    const syncId = onePath(positionals, 'SYNC_ID');
    return withEngine(async (engine) => {
      const r = await call(engine, 'sync.rollback', { syncId, ...to });
      if (v.json) console.log(JSON.stringify(r));
      else
        console.log(
          `Rolled back ${syncId} in ${(r.durationMs / 1000).toFixed(1)} s: ${r.rowsDeleted.toLocaleString('en-US')} rows deleted, ` +
            `${r.rowsRestored.toLocaleString('en-US')} restored${r.tableDropped ? ', table dropped' : ''}${r.swappedBack ? ', old table swapped back' : ''}.`,
        );
      return 0;
    });
  }
  if (positionals.length > 0)
    throw new AppError('BAD_USAGE', 'sluice sync list takes no arguments.', { hint: HELP.list });
  return withEngine(async (engine) => {
    const list = await call(engine, 'sync.list', { ...to, limit: positiveInt(v.limit, 'limit', 50) });
    if (v.json) console.log(JSON.stringify(list));
    else if (list.length === 0) console.log('No syncs in this database yet.');
    else
      console.log(
        table(
          ['sync', 'table', 'mode', 'status', 'started', 'finished'],
          list.map((s) => [
            s.syncId,
            `${s.dbSchema}.${s.table}`,
            s.mode,
            s.status,
            s.startedAt,
            s.finishedAt,
          ]),
          60,
        ),
      );
    return 0;
  });
}
