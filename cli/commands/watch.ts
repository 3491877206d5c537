// sluice watch DIR --pipeline P: runs the pipeline for every new or changed CSV content landing in DIR, one at a
// time, until Ctrl-C (or SIGTERM). A run cut short by the stop is resumed by the next watcher on the folder.

import { resolve } from 'node:path';
import { AppError, deserializeError } from '../../core/contract/errors.js';
import type { WatchFileEvent } from '../../core/contract/pipeline.js';
import { onePath, parse } from '../args.js';
import { call, withEngine } from '../host.js';
import { eventLine } from './run.js';

export const WATCH_HELP = `Usage: sluice watch DIR --pipeline PIPELINE [--project DIR] [--json]

Watches DIR and runs the pipeline on every CSV file that appears or changes there, once per file content (a
ledger of content hashes: the same content under another name is skipped), one file at a time, and only once
the file stopped changing (half-written files wait). Stops on Ctrl-C; a run it interrupts is resumed the next
time the folder is watched.

Options:
  --pipeline P         the pipeline file (*.sluice.json); required
  --project DIR        project folder of the runs (default: the pipeline's)
  --json               one JSON object per handled file on stdout
  -h, --help           show this help
Environment: SLUICE_WATCH_STABLE_MS (how long a file must stay unchanged), SLUICE_WATCH_POLL_MS (how often
the folder is listed).`;

function fileLine(e: WatchFileEvent): string {
  if (e.status === 'duplicate') return `= ${e.file}: this content already ran; skipped`;
  if (e.status === 'failed') return `✗ ${e.file}: run ${e.runId} failed: ${e.error?.message ?? ''}`;
  const r = e.record;
  return `✓ ${e.file}: run ${e.runId} done, ${(r?.rowsIn ?? 0).toLocaleString('en-US')} rows in, ${(r?.rowsOut ?? 0).toLocaleString('en-US')} out`;
}

/** Runs `sluice watch` until a signal stops it. */
export async function watchCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    pipeline: { type: 'string' },
    project: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return (void console.log(WATCH_HELP), 0);
  const dir = resolve(onePath(positionals, 'DIR'));
  if (!values.pipeline)
    throw new AppError('BAD_USAGE', 'Missing --pipeline PIPELINE.', {
      hint: 'Name the *.sluice.json to run.',
    });
  const pipelinePath = resolve(values.pipeline);
  return withEngine(async (engine) => {
    const offWatched = engine.on('runs.watched', (e) => {
      console.log(values.json ? JSON.stringify(e) : fileLine(e));
    });
    const offEvents = engine.on('runs.event', (e) => {
      const line = eventLine(e);
      if (line) process.stderr.write(`${line}\n`);
    });
    const w = await call(engine, 'runs.watch', {
      dir,
      pipelinePath,
      ...(values.project ? { projectDir: resolve(values.project) } : {}),
    });
    // Ctrl-C reaches withEngine, which closes the engine and so cancels the watch job; SIGTERM does it here.
    const ended = new Promise<void>((done, fail) => {
      const off = engine.on('jobs.finished', (f) => {
        if (f.jobId !== w.jobId) return;
        off();
        if (f.ok || !f.error || f.error.code === 'CANCELLED') done();
        else fail(deserializeError(f.error));
      });
    });
    const onTerm = () => void call(engine, 'jobs.cancel', { jobId: w.jobId });
    process.once('SIGTERM', onTerm);
    process.stderr.write(
      `sluice: watching ${w.dir} for '${w.pipelineName}' (project ${w.projectDir}); Ctrl-C stops\n`,
    );
    try {
      await ended;
      return 0;
    } finally {
      process.off('SIGTERM', onTerm);
      offWatched();
      offEvents();
    }
  });
}
