// sluice run PIPELINE: runs (or resumes, or plans) a pipeline through the contract. Phase lines go to stderr as
// they happen (the live bar too, on a terminal); the summary, or one JSON object, goes to stdout.

import { resolve } from 'node:path';
import type { Engine } from '../../core/engine/index.js';
import type { PhaseRecord, RunEvent, RunInfo, RunPlan } from '../../core/contract/pipeline.js';
import { isAppError } from '../../core/contract/errors.js';
import { onePath, parse } from '../args.js';
import { call, withEngine } from '../host.js';
import { table } from '../output/table.js';

export const RUN_HELP = `Usage: sluice run PIPELINE [--input FILE] [--resume RUN_ID] [--dry-run] [--project DIR] [--json]

Runs a pipeline file (*.sluice.json): every phase writes a stage and a checkpoint in the pipeline's project,
so an interrupted run (Ctrl-C, a crash, kill -9) continues with --resume and ends as an uninterrupted one.
Phases are reported on stderr as they finish; the summary goes to stdout.

Options:
  --input FILE         run on this CSV file instead of the pipeline's source
  --resume RUN_ID      continue run RUN_ID after its last checkpoint
  --dry-run            show the sources, settings and which phases would run; change nothing
  --project DIR        project folder of the runs (default: one per pipeline file under $SLUICE_HOME)
  --json               print the run (or the plan) as one JSON object on stdout
  -h, --help           show this help

Exit code: 0 done and clean (no rejected lines, no findings at the last validation), 1 done with rejected
lines or findings left, 2 bad usage or input, 3 aborted by the error budget, 130 cancelled (resumable).
Environment: SLUICE_CHUNK_ROWS, SLUICE_THREADS, SLUICE_MEMORY_LIMIT_MB, SLUICE_RETENTION_DAYS… override the
pipeline's config (see the README's table).`;

const n = (x: number) => x.toLocaleString('en-US');
const secs = (ms: number | undefined) => (ms === undefined ? '' : `${(ms / 1000).toFixed(1)}s`);

/** One stderr line for a run event worth a line (phase ends, retries, the run's end), else undefined. */
export function eventLine(e: RunEvent): string | undefined {
  const d = e.data ?? {};
  const num = (k: string) => Number(d[k] ?? 0);
  switch (e.event) {
    case 'phase.done': {
      const extra = [
        num('rowsRejected') && !num('findings') ? `${n(num('rowsRejected'))} rejected` : '',
        num('findings') ? `${n(num('findings'))} findings in ${n(num('rowsRejected'))} rows` : '',
      ].filter(Boolean);
      return `  ✓ ${e.phase}: ${n(num('rowsIn'))} rows in, ${n(num('rowsOut'))} out${extra.length ? `, ${extra.join(', ')}` : ''} (${secs(num('durationMs'))})`;
    }
    case 'phase.skipped':
    case 'phase.retry':
      return `  - ${e.message}`;
    case 'phase.failed':
      return `  ✗ ${e.message}`;
    case 'run.resumed':
      return `  ${e.message}`;
    default:
      return undefined;
  }
}

/** The phases of a run as a table. */
export function phasesTable(phases: PhaseRecord[]): string {
  return table(
    ['phase', 'type', 'status', 'rows in', 'rows out', 'rejected', 'findings', 'time'],
    phases.map((p) => [
      p.name,
      p.type,
      p.status,
      p.rowsIn,
      p.rowsOut,
      p.rowsRejected,
      p.findings,
      secs(p.durationMs),
    ]),
  );
}

/** The run's summary for people. */
export function printRun(r: RunInfo): void {
  console.log(
    `Run ${r.runId} of '${r.pipelineName}': ${r.status}${r.durationMs ? ` in ${secs(r.durationMs)}` : ''}`,
  );
  console.log(`Sources: ${r.sources.join(', ') || '(none)'}\n`);
  console.log(phasesTable(r.phases));
  const outputs = r.phases.flatMap((p) => p.outputs ?? []);
  if (outputs.length) {
    console.log('\nWritten:');
    for (const o of outputs)
      console.log(`  ${o.destination}: ${n(o.rows)} rows → ${o.path ?? `PostgreSQL (job ${o.jobId})`}`);
  }
  if (r.error) console.log(`\nError: ${r.error.message}`);
}

/** 0 clean, 1 rejected lines or findings left at the last validation. */
export function runExitCode(r: RunInfo): number {
  const lastValidate = r.phases.filter((p) => p.type === 'validate' && p.status === 'done').at(-1);
  const rejected = r.phases.find((p) => p.type === 'extract')?.rowsRejected ?? 0;
  return rejected > 0 || (lastValidate?.findings ?? 0) > 0 ? 1 : 0;
}

function printPlan(p: RunPlan): void {
  console.log(
    `Plan of '${p.pipelineName}' (nothing was run)\nSources: ${p.sources.join(', ') || '(none)'}\n`,
  );
  console.log(
    table(
      ['phase', 'type', 'decision', 'when', 'reason'],
      p.phases.map((x) => [x.name, x.type, x.decision, x.when ?? '', x.reason ?? '']),
    ),
  );
  // Paths are too long for a table cell: one line per destination, in full.
  const lines = p.phases.flatMap((x) =>
    (x.destinations ?? []).map((d) => {
      const where = d.path ?? [d.connection ?? 'default database', d.table].filter(Boolean).join(', table ');
      return `  ${x.name} → ${d.name} (${d.type}): ${where}`;
    }),
  );
  if (lines.length) console.log(`\nWrites to:\n${lines.join('\n')}`);
}

/** Follows a run on stderr until it ends; its info, or its error (with how to resume it). */
export async function followRun(engine: Engine, runId: string, resumeHint: string): Promise<RunInfo> {
  const tty = process.stderr.isTTY;
  const off = engine.on('runs.event', (e) => {
    const line = e.runId === runId ? eventLine(e) : undefined;
    if (line) process.stderr.write(`${tty ? '\r\x1b[2K' : ''}${line}\n`);
  });
  try {
    return await call(engine, 'runs.wait', { runId });
  } catch (e) {
    if (isAppError(e) && e.code !== 'BAD_USAGE') process.stderr.write(`sluice: resume with: ${resumeHint}\n`);
    throw e;
  } finally {
    off();
  }
}

/** Runs `sluice run`. */
export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    input: { type: 'string' },
    resume: { type: 'string' },
    'dry-run': { type: 'boolean' },
    project: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return (void console.log(RUN_HELP), 0);
  const pipelinePath = resolve(onePath(positionals, 'PIPELINE'));
  const projectDir = values.project ? resolve(values.project) : undefined;
  return withEngine(async (engine) => {
    if (values['dry-run']) {
      const plan = await call(engine, 'runs.plan', {
        pipelinePath,
        ...(values.input ? { input: resolve(values.input) } : {}),
      });
      if (values.json) console.log(JSON.stringify(plan));
      else printPlan(plan);
      return 0;
    }
    const started = values.resume
      ? await call(engine, 'runs.resume', {
          runId: values.resume,
          pipelinePath,
          ...(projectDir ? { projectDir } : {}),
        })
      : await call(engine, 'runs.start', {
          pipelinePath,
          ...(projectDir ? { projectDir } : {}),
          ...(values.input ? { input: resolve(values.input) } : {}),
        });
    process.stderr.write(
      `sluice: run ${started.runId} of '${started.pipelineName}' ${started.resumed ? 'resumed' : 'started'} (project ${started.projectDir})\n`,
    );
    const hint = `sluice run ${positionals[0]} --resume ${started.runId}${values.project ? ` --project ${values.project}` : ''}`;
    const info = await followRun(engine, started.runId, hint).catch(async (e: unknown) => {
      // A script reading --json still gets the run's record (status, phases, error) before the error exit.
      if (values.json)
        console.log(
          JSON.stringify(await call(engine, 'runs.get', { runId: started.runId }).catch(() => null)),
        );
      throw e;
    });
    if (values.json) console.log(JSON.stringify(info));
    else printRun(info);
    return runExitCode(info);
  });
}
