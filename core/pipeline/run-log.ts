// Structured run logs: one JSON event per line in `<project>/logs/<runId>.jsonl` (appended on resume), and
// the same events to the caller's `onEvent`. Writes are serialized on one promise chain so lines never
// interleave, and each is appended whole, so a kill -9 loses at most the events not yet written.

import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunEvent, RunEventName } from '../contract/pipeline.js';

/** Where a run's log lives in its project. */
export function runLogPath(projectDir: string, runId: string): string {
  return join(projectDir, 'logs', `${runId}.jsonl`);
}

/** Emits run events to the log file and a listener. */
export class RunLogger {
  private chain: Promise<void>;
  private failed = false;

  constructor(
    readonly file: string,
    readonly runId: string,
    private readonly onEvent?: (e: RunEvent) => void,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.chain = mkdir(join(file, '..'), { recursive: true }).then(() => undefined);
  }

  /** Logs one event. */
  emit(
    event: RunEventName,
    message: string,
    opts: { phase?: string; level?: RunEvent['level']; data?: Record<string, unknown> } = {},
  ): void {
    const e: RunEvent = {
      ts: this.now().toISOString(),
      runId: this.runId,
      ...(opts.phase ? { phase: opts.phase } : {}),
      level: opts.level ?? (event.endsWith('failed') ? 'error' : event === 'phase.retry' ? 'warn' : 'info'),
      event,
      message,
      ...(opts.data ? { data: opts.data } : {}),
    };
    try {
      this.onEvent?.(e);
    } catch {
      // A listener's bug must not break the run; the event is still logged.
    }
    const line = `${JSON.stringify(e, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}\n`;
    this.chain = this.chain
      .then(() => appendFile(this.file, line))
      .catch(() => {
        // The log is a record, not the run: a full disk must not fail the data work. Reported once below.
        this.failed = true;
      });
  }

  /** Tells the listener only (progress is too frequent for the log file). */
  notify(event: RunEventName, message: string, phase: string, data: Record<string, unknown>): void {
    try {
      this.onEvent?.({
        ts: this.now().toISOString(),
        runId: this.runId,
        phase,
        level: 'info',
        event,
        message,
        data,
      });
    } catch {
      // A listener's bug must not break the run.
    }
  }

  /** Waits for every line to be written; true when all were. */
  async flush(): Promise<boolean> {
    await this.chain;
    return !this.failed;
  }
}
