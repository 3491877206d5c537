// sluice runs list|show|rollback: the run history of a pipeline's project, through the contract.

import { resolve } from 'node:path';
import { AppError } from '../../core/contract/errors.js';
import type { RunLocator } from '../../core/contract/pipeline.js';
import { parse, positiveInt } from '../args.js';
import { call, withEngine } from '../host.js';
import { table } from '../output/table.js';
import { phasesTable, printRun } from './run.js';

export const RUNS_HELP = `Usage: sluice runs list [--pipeline P | --project DIR] [--limit N] [--json]
       sluice runs show RUN_ID [--pipeline P | --project DIR] [--log] [--json]
       sluice runs rollback RUN_ID --to PHASE [--pipeline P | --project DIR] [--json]

list       the runs of a pipeline's project, newest first: status, rows, time
show       one run: phases with rows in/out/rejected, findings and timings, files written, errors;
           --log prints its structured log (one JSON event per line)
rollback   drop the stages and checkpoints after PHASE (and undo database loads after it); the run can then be
           continued with: sluice run PIPELINE --resume RUN_ID

Options:
  --pipeline P         the pipeline file whose project holds the runs
  --project DIR        the project folder (when the runs were started with --project)
  --limit N            list at most N runs (default 20)
  --json               print JSON on stdout
  -h, --help           show this help
A run this machine started is found from its id alone.`;

const OPTIONS = {
  pipeline: { type: 'string' },
  project: { type: 'string' },
  limit: { type: 'string' },
  to: { type: 'string' },
  log: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const usage = (message: string) =>
  new AppError('BAD_USAGE', message, { hint: 'Run sluice runs --help to see the usage.' });

/** Runs `sluice runs`. */
export async function runsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS);
  const [sub, runId, ...extra] = positionals;
  if (values.help || sub === undefined) return (void console.log(RUNS_HELP), values.help ? 0 : 2);
  if (extra.length) throw usage(`Unexpected argument '${extra[0]}'.`);
  const loc: RunLocator = {
    ...(values.pipeline ? { pipelinePath: resolve(values.pipeline) } : {}),
    ...(values.project ? { projectDir: resolve(values.project) } : {}),
  };
  const needId = () => {
    if (!runId) throw usage(`sluice runs ${sub} needs a RUN_ID.`);
    return runId;
  };
  return withEngine(
    async (engine) => {
      if (sub === 'list') {
        if (runId) throw usage(`Unexpected argument '${runId}'.`);
        const runs = await call(engine, 'runs.list', {
          ...loc,
          limit: positiveInt(values.limit, 'limit', 20),
        });
        if (values.json) return (void console.log(JSON.stringify(runs)), 0);
        if (!runs.length) return (void console.log('No runs yet.'), 0);
        const state = (r: (typeof runs)[number]) =>
          r.status === 'running' && !r.active ? 'interrupted' : r.status;
        console.log(
          table(
            ['run', 'pipeline', 'status', 'started', 'time', 'rows in', 'rows out', 'rejected'],
            runs.map((r) => [
              r.runId,
              r.pipelineName,
              state(r),
              r.startedAt.replace('T', ' ').slice(0, 19),
              r.durationMs === undefined ? '' : `${(r.durationMs / 1000).toFixed(1)}s`,
              r.rowsIn,
              r.rowsOut,
              r.rowsRejected,
            ]),
          ),
        );
        return 0;
      }
      if (sub === 'show') {
        const ref = { ...loc, runId: needId() };
        if (values.log) {
          const page = await call(engine, 'runs.log', { ...ref, limit: 100_000 });
          for (const e of page.events) console.log(JSON.stringify(e));
          return 0;
        }
        const info = await call(engine, 'runs.get', ref);
        if (values.json) console.log(JSON.stringify(info));
        else {
          printRun(info);
          console.log(`\nProject: ${info.projectDir}\nLog: ${info.logFile}`);
          if (info.resumable)
            console.log(`Resumable: sluice run ${info.pipelineFile ?? 'PIPELINE'} --resume ${info.runId}`);
        }
        return 0;
      }
      if (sub === 'rollback') {
        if (!values.to) throw usage('Missing --to PHASE.');
        const info = await call(engine, 'runs.rollback', { ...loc, runId: needId(), toPhase: values.to });
        if (values.json) console.log(JSON.stringify(info));
        else {
          console.log(`Run ${info.runId} rolled back to phase '${values.to}'.\n`);
          console.log(phasesTable(info.phases));
          console.log(
            `\nContinue it with: sluice run ${info.pipelineFile ?? 'PIPELINE'} --resume ${info.runId}`,
          );
        }
        return 0;
      }
      throw usage(`Unknown subcommand '${sub}'; use list, show or rollback.`);
    },
    { quiet: true },
  );
}
